package io.luxy.proxy.http.smuggling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one case produced: the client's side ({@code closed|open} and the escaped bytes for HTTP/1,
 * {@code h2} and the frame events for HTTP/2) and the bytes of each connection the recording
 * server accepted. The golden file holds one block per case:
 * <pre>
 * == NAME
 * client: closed HTTP/1.1 200 OK\r\n…
 * backend: GET / HTTP/1.1\r\nhost: a\r\n\r\n
 * </pre>
 */
public record Golden(String client, List<byte[]> backend) {

    /** Writes {@code results} (in their order) to {@code file} under a header comment. */
    public static void write(Path file, String header, Map<String, Golden> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : header.split("\n")) {
            sb.append("# ").append(l).append('\n');
        }
        results.forEach((name, g) -> {
            sb.append("\n== ").append(name).append('\n');
            sb.append("client: ").append(g.client()).append('\n');
            for (byte[] b : g.backend()) {
                sb.append("backend: ").append(Escapes.escape(b)).append('\n');
            }
        });
        Files.writeString(file, sb.toString(), StandardCharsets.ISO_8859_1);
    }

    /** Reads a file written by {@link #write}. */
    public static Map<String, Golden> read(Path file) throws IOException {
        Map<String, Golden> out = new LinkedHashMap<>();
        String name = null;
        String client = null;
        List<byte[]> backend = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            if (l.startsWith("== ")) {
                if (name != null) {
                    out.put(name, new Golden(client, backend));
                }
                name = l.substring(3);
                client = null;
                backend = new ArrayList<>();
            } else if (l.startsWith("client: ")) {
                client = l.substring(8);
            } else if (l.startsWith("backend: ")) {
                backend.add(Escapes.unescape(l.substring(9)));
            }
        }
        if (name != null) {
            out.put(name, new Golden(client, backend));
        }
        return out;
    }

    /** The block this result would have in the golden file (for messages). */
    public String describe() {
        StringBuilder sb = new StringBuilder("client: ").append(client);
        for (byte[] b : backend) {
            sb.append("\n  backend: ").append(Escapes.escape(b));
        }
        if (backend.isEmpty()) {
            sb.append("\n  backend: (nothing)");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Golden g && Objects.equals(client, g.client) && describe().equals(g.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }
}

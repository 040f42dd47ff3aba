package io.luxy.lua.http;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 exchange over a socket, to see status lines and header lines as sent. */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code head} (request line and header lines, without the final blank line) with Connection: close; reads to EOF. */
    public static String exchange(int port, String head) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The value of the first header line {@code name} (case-insensitive) of a raw response, or null. */
    public static String header(String response, String name) {
        for (String line : response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).split("\r\n")) {
            int c = line.indexOf(':');
            if (c > 0 && line.substring(0, c).equalsIgnoreCase(name)) {
                return line.substring(c + 1).strip();
            }
        }
        return null;
    }

    /** The body of a raw response (after the blank line). */
    public static String body(String response) {
        int i = response.indexOf("\r\n\r\n");
        return i < 0 ? "" : response.substring(i + 4);
    }
}

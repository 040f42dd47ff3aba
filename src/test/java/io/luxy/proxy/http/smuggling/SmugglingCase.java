package io.luxy.proxy.http.smuggling;

import static io.luxy.proxy.http.smuggling.H2Client.END_HEADERS;
import static io.luxy.proxy.http.smuggling.H2Client.END_STREAM;
import static io.luxy.proxy.http.smuggling.H2Client.data;
import static io.luxy.proxy.http.smuggling.H2Client.headers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One case of the suite: raw HTTP/1 bytes (from {@code smuggling/cases.txt}) or HTTP/2 frames
 * (the {@link #h2Cases()} table, sent with prior knowledge to a {@code proto h2} bind), sent on
 * {@code repeat} connections one after the other ({@code NAME*N} in the file; for races that only
 * show now and then).
 */
public record SmugglingCase(String name, byte[] raw, List<H2Client.Frame> frames, int repeat) {

    /** True for an HTTP/2 case. */
    public boolean h2() {
        return frames != null;
    }

    /** Every case: the HTTP/1 ones of the resource file, then the HTTP/2 ones. */
    public static List<SmugglingCase> all() throws IOException {
        List<SmugglingCase> out = new ArrayList<>(h1Cases());
        out.addAll(h2Cases());
        Set<String> names = new HashSet<>();
        for (SmugglingCase c : out) {
            if (!c.name().matches("[a-z0-9-]+") || !names.add(c.name())) {
                throw new IllegalStateException("bad or duplicate case name: " + c.name());
            }
        }
        return out;
    }

    /** The cases of {@code smuggling/cases.txt}. */
    public static List<SmugglingCase> h1Cases() throws IOException {
        List<SmugglingCase> out = new ArrayList<>();
        try (InputStream in = SmugglingCase.class.getResourceAsStream("/smuggling/cases.txt")) {
            if (in == null) {
                throw new IOException("smuggling/cases.txt is not on the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split(" +", 2);
                String[] nameRepeat = p[0].split("\\*");
                out.add(new SmugglingCase(nameRepeat[0], Escapes.unescape(p[1]), null,
                        nameRepeat.length > 1 ? Integer.parseInt(nameRepeat[1]) : 1));
            }
        }
        return out;
    }

    private static SmugglingCase h2(String name, H2Client.Frame... frames) {
        return new SmugglingCase(name, null, List.of(frames), 1);
    }

    private static final int EOH = END_HEADERS;
    private static final int EOS = END_HEADERS | END_STREAM;

    /**
     * HTTP/2 cases: those of HAProxy's reg-test h2_desync_attacks.vtc (invalid :path, :scheme,
     * :method, :authority vs host), and malformed messages RFC 9113 8.2/8.3 says to reset
     * (uppercase names, connection-specific headers, content-length mismatches, pseudo-headers
     * after regular ones, CR/LF/NUL in values).
     */
    public static List<SmugglingCase> h2Cases() {
        return List.of(
                h2("h2-get-valid", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a")),
                h2("h2-post-with-data", headers(1, EOH, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "a",
                        "content-length", "5"), data(1, END_STREAM, "hello")),
                h2("h2-post-no-length", headers(1, EOH, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "a"),
                        data(1, END_STREAM, "hello")),
                h2("h2-path-not-absolute", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "hello-world",
                        ":authority", "a")),
                h2("h2-path-empty", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "", ":authority", "a")),
                h2("h2-path-with-space", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/a b", ":authority", "a")),
                h2("h2-path-fragment", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/a#b", ":authority", "a")),
                h2("h2-scheme-invalid", headers(1, EOS, ":method", "GET", ":scheme", "http://localhost/?", ":path", "/",
                        ":authority", "a")),
                h2("h2-method-invalid", headers(1, EOS, ":method", "GET?", ":scheme", "http", ":path", "/", ":authority", "a")),
                h2("h2-authority-vs-host", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority",
                        "hostname", "host", "other_host")),
                h2("h2-host-without-authority", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", "host", "a")),
                h2("h2-missing-method", headers(1, EOS, ":scheme", "http", ":path", "/", ":authority", "a")),
                h2("h2-duplicate-path", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":path", "/x",
                        ":authority", "a")),
                h2("h2-unknown-pseudo", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        ":foo", "bar")),
                h2("h2-pseudo-after-regular", headers(1, EOS, ":method", "GET", ":scheme", "http", "x-a", "b", ":path", "/",
                        ":authority", "a")),
                h2("h2-uppercase-name", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "X-Foo", "a")),
                h2("h2-connection-header", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "connection", "keep-alive")),
                h2("h2-transfer-encoding", headers(1, EOH, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "a",
                        "transfer-encoding", "chunked"), data(1, END_STREAM, "5\r\nhello\r\n0\r\n\r\n")),
                h2("h2-te-gzip", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "te", "gzip")),
                h2("h2-te-trailers", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "te", "trailers")),
                h2("h2-content-length-over-data", headers(1, EOH, ":method", "POST", ":scheme", "http", ":path", "/",
                        ":authority", "a", "content-length", "10"), data(1, END_STREAM, "hello")),
                h2("h2-content-length-under-data", headers(1, EOH, ":method", "POST", ":scheme", "http", ":path", "/",
                        ":authority", "a", "content-length", "2"), data(1, END_STREAM, "hello")),
                h2("h2-value-crlf", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "x-a", "a\r\nx-injected: 1")),
                h2("h2-value-nul", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "x-a", "a\u0000b")),
                h2("h2-name-with-space", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "x a", "b")),
                h2("h2-cookies-split", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a",
                        "cookie", "a=1", "cookie", "b=2")),
                h2("h2-data-on-closed-stream", headers(1, EOS, ":method", "GET", ":scheme", "http", ":path", "/", ":authority",
                        "a"), data(1, END_STREAM, "hello")));
    }
}

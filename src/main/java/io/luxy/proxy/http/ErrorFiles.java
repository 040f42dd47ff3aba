package io.luxy.proxy.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A proxy's {@code errorfile CODE FILE} pages (HAProxy doc/configuration.txt 4.2 "errorfile"):
 * raw HTTP responses read and checked at load time, then sent for that status instead of
 * HAProxy's built-in page ({@link ErrorPages}). As in HAProxy 2.6, the file is parsed into a
 * message and written again: header names in lower case, and {@code connection: close} (then
 * a close) when the file gives no {@code content-length}. The section's own lines win over
 * those of its defaults section.
 */
public record ErrorFiles(Map<Integer, Page> pages) {

    /** The statuses HAProxy 2.6 accepts in {@code errorfile} (src/http_htx.c http_err_codes). */
    static final Set<Integer> HANDLED = Set.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502,
            503, 504);

    /** No errorfile. */
    public static final ErrorFiles NONE = new ErrorFiles(Map.of());

    /** One parsed error file: status line, headers in file order and body. */
    public record Page(int status, String reason, List<Map.Entry<String, String>> headers, Buffer body, boolean close) {

        /** Writes this page on {@code resp} (event loop). */
        void send(HttpServerResponse resp) {
            resp.setStatusCode(status);
            if (!reason.isEmpty()) {
                resp.setStatusMessage(reason);
            }
            for (Map.Entry<String, String> h : headers) {
                resp.headers().add(h.getKey(), h.getValue());
            }
            if (close) {
                resp.headers().set("connection", "close");
            }
            resp.end(body.copy());
            if (close) {
                resp.close();
            }
        }
    }

    /** The page for {@code status}, or null to use the built-in one. */
    Page page(int status) {
        return pages.isEmpty() ? null : pages.get(status);
    }

    /** This set, with {@code fallback}'s pages for statuses it does not define (backend over frontend). */
    public ErrorFiles or(ErrorFiles fallback) {
        if (fallback.pages.isEmpty() || pages.isEmpty()) {
            return pages.isEmpty() ? fallback : this;
        }
        Map<Integer, Page> m = new HashMap<>(fallback.pages);
        m.putAll(pages);
        return new ErrorFiles(Map.copyOf(m));
    }

    /**
     * Reads the {@code errorfile} lines of {@code s} and its defaults. Problems are alerts with
     * HAProxy's wording: {@code errorfile : error opening file 'F'.}, {@code errorfile : status
     * code 'N' not handled.}, {@code errorfile : 'F': unable to parse headers (error offset: N)}.
     */
    public static ErrorFiles from(Section s, Diagnostics diag) {
        Map<Integer, Page> pages = new HashMap<>();
        if (s.defaults() != null) {
            collect(s.defaults(), pages, diag);
        }
        collect(s, pages, diag);
        return pages.isEmpty() ? NONE : new ErrorFiles(Map.copyOf(pages));
    }

    private static void collect(Section s, Map<Integer, Page> pages, Diagnostics diag) {
        for (Directive d : s.all("errorfile")) {
            if (d.arg(0) == null || d.arg(1) == null) {
                diag.alert(d.location(), "errorfile : expects <status_code> and <file> as arguments.");
                continue;
            }
            int code;
            try {
                code = Integer.parseInt(d.arg(0));
            } catch (NumberFormatException e) {
                code = 0;
            }
            if (!HANDLED.contains(code)) {
                diag.alert(d.location(), "errorfile : status code '" + d.arg(0) + "' not handled.");
                continue;
            }
            byte[] raw;
            try {
                raw = Files.readAllBytes(Path.of(d.arg(1)));
            } catch (IOException e) {
                diag.alert(d.location(), "errorfile : error opening file '" + d.arg(1) + "'.");
                continue;
            }
            if (raw.length == 0) {
                // HAProxy accepts an empty file: the connection is closed without a response
                pages.put(code, new Page(code, "", List.of(), Buffer.buffer(), true));
                continue;
            }
            Page p = parse(raw);
            if (p == null) {
                diag.alert(d.location(), "errorfile : '" + d.arg(1) + "': unable to parse headers (error offset: 0)");
            } else {
                pages.put(code, p);
            }
        }
    }

    /** Parses a raw HTTP/1 response; null when its status line or headers are invalid. */
    static Page parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int sep = 4;
        if (end < 0) {
            end = text.indexOf("\n\n");
            sep = 2;
        }
        if (end < 0) {
            return null;
        }
        String[] lines = text.substring(0, end).split("\r?\n");
        String[] sl = lines[0].split(" ", 3);
        if (sl.length < 2 || !sl[0].startsWith("HTTP/1.") || !sl[1].matches("\\d{3}")) {
            return null;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        boolean hasLength = false;
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c <= 0) {
                return null;
            }
            String name = lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT);
            hasLength |= name.equals("content-length") || name.equals("transfer-encoding");
            headers.add(Map.entry(name, lines[i].substring(c + 1).trim()));
        }
        Buffer body = Buffer.buffer(java.util.Arrays.copyOfRange(raw, end + sep, raw.length));
        return new Page(Integer.parseInt(sl[1]), sl.length > 2 ? sl[2] : "", List.copyOf(headers), body, !hasLength);
    }
}

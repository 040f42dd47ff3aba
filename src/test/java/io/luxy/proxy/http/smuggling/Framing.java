package io.luxy.proxy.http.smuggling;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Just enough HTTP/1 framing to split what a server received into requests: the head ends at the
 * first empty line (CRLF or bare LF), the body is framed by {@code Transfer-Encoding} ending in
 * chunked, else by the first {@code Content-Length}, else empty. Lenient on purpose: it describes
 * what arrived (including bare LFs and raw folds) instead of judging it.
 */
public final class Framing {

    private Framing() {
    }

    /** One request as a server received it. */
    public record Message(String requestLine, List<String> headerLines, boolean bareLf, String framing, byte[] body,
            List<String> chunkLines, List<String> trailerLines, boolean complete) {

        @Override
        public String toString() {
            return Escapes.escape(requestLine) + " " + headerLines.stream().map(Escapes::escape).toList() + " " + framing
                    + (chunkLines.isEmpty() ? "" : " " + chunkLines.stream().map(Escapes::escape).toList())
                    + " body=" + Escapes.escape(body) + (trailerLines.isEmpty() ? "" : " trailers=" + trailerLines)
                    + (complete ? "" : " (incomplete)") + (bareLf ? " (bare LF)" : "");
        }
    }

    /** The requests of one connection, and the bytes after the last one that do not form a request head. */
    public record Parsed(List<Message> messages, byte[] rest) {
    }

    /** Index just past the complete request starting at {@code from}, or -1 when it is not complete (or not HTTP). */
    public static int requestEnd(byte[] b, int from) {
        Cursor c = new Cursor(b, from);
        Message m = c.message();
        return m != null && m.complete() ? c.pos : -1;
    }

    /** Splits one connection's bytes into requests. */
    public static Parsed parse(byte[] b) {
        List<Message> out = new ArrayList<>();
        Cursor c = new Cursor(b, 0);
        while (c.pos < b.length) {
            int start = c.pos;
            Message m = c.message();
            if (m == null) {
                c.pos = start;
                break;
            }
            out.add(m);
            if (!m.complete()) {
                break;
            }
        }
        return new Parsed(out, Arrays.copyOfRange(b, c.pos, b.length));
    }

    private static final class Cursor {
        final byte[] b;
        int pos;
        boolean bareLf;

        Cursor(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        /** The next line without its (CR)LF, or null when no LF follows. */
        String line() {
            for (int i = pos; i < b.length; i++) {
                if (b[i] == '\n') {
                    int end = i > pos && b[i - 1] == '\r' ? i - 1 : i;
                    if (end == i) {
                        bareLf = true;
                    }
                    String s = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return s;
                }
            }
            return null;
        }

        Message message() {
            int start = pos;
            bareLf = false;
            String requestLine = line();
            if (requestLine == null) {
                pos = start;
                return null;
            }
            List<String> headers = new ArrayList<>();
            while (true) {
                String l = line();
                if (l == null) {
                    pos = start;
                    return null; // head not complete: rest
                }
                if (l.isEmpty()) {
                    break;
                }
                headers.add(l);
            }
            boolean headBareLf = bareLf;
            String te = null;
            String cl = null;
            for (String h : headers) {
                int c = h.indexOf(':');
                if (c <= 0) {
                    continue;
                }
                String name = h.substring(0, c).trim().toLowerCase(Locale.ROOT);
                String v = h.substring(c + 1).trim();
                if (name.equals("transfer-encoding")) {
                    te = te == null ? v : te + "," + v;
                } else if (name.equals("content-length") && cl == null) {
                    cl = v;
                }
            }
            if (te != null && te.toLowerCase(Locale.ROOT).replace(" ", "").endsWith("chunked")) {
                return chunked(requestLine, headers, headBareLf);
            }
            long n = 0;
            String framing = "none";
            if (cl != null) {
                try {
                    n = Long.parseLong(cl);
                    framing = "length " + n;
                } catch (NumberFormatException e) {
                    framing = "length ?" + cl;
                }
            }
            int avail = (int) Math.min(n, b.length - pos);
            byte[] body = Arrays.copyOfRange(b, pos, pos + avail);
            pos += avail;
            return new Message(requestLine, headers, headBareLf, framing, body, List.of(), List.of(), avail == n);
        }

        Message chunked(String requestLine, List<String> headers, boolean headBareLf) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<String> trailers = new ArrayList<>();
            List<String> sizes = new ArrayList<>();
            boolean complete = false;
            while (true) {
                int lineStart = pos;
                String sizeLine = line();
                if (sizeLine == null) {
                    break;
                }
                String hex = sizeLine.split("[; \t]", 2)[0];
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    pos = lineStart;
                    break; // not a chunk: left as rest
                }
                sizes.add(sizeLine);
                if (size == 0) {
                    String t;
                    while ((t = line()) != null && !t.isEmpty()) {
                        trailers.add(t);
                    }
                    complete = t != null;
                    break;
                }
                if (b.length - pos < size) {
                    body.write(b, pos, b.length - pos);
                    pos = b.length;
                    break;
                }
                body.write(b, pos, (int) size);
                pos += (int) size;
                int before = pos;
                String crlf = line();
                if (crlf == null || !crlf.isEmpty()) {
                    pos = before;
                    break; // chunk data not followed by CRLF
                }
            }
            return new Message(requestLine, headers, headBareLf, "chunked", body.toByteArray(), sizes, trailers, complete);
        }
    }
}

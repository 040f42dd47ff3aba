package io.luxy.lua.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * What a proxy sent back for one {@link Exchange}: the raw bytes until it closed (or the read
 * timeout), and for HTTP the first response parsed (status, header lines, body with chunked
 * transfer-encoding decoded). {@code status} is -1 when no status line arrived.
 */
record Answer(String raw, int status, List<String[]> headers, String body) {

    /** Parses the first HTTP/1.x response in {@code raw}. */
    static Answer http(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/") || end < 0) {
            return new Answer(raw, -1, List.of(), "");
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        boolean chunked = false;
        long length = -1;
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            String n = lines[i].substring(0, c).strip().toLowerCase();
            String v = lines[i].substring(c + 1).strip();
            headers.add(new String[] {n, v});
            chunked |= n.equals("transfer-encoding") && v.equalsIgnoreCase("chunked");
            if (n.equals("content-length")) {
                length = Long.parseLong(v);
            }
        }
        String rest = raw.substring(end + 4);
        String body = chunked ? dechunk(rest) : length >= 0 ? rest.substring(0, (int) Math.min(length, rest.length())) : rest;
        return new Answer(raw, status, headers, body);
    }

    /** A TCP answer: raw bytes only. */
    static Answer tcp(String raw) {
        return new Answer(raw, -1, List.of(), raw);
    }

    private static String dechunk(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            String size = s.substring(i, eol);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
            if (n == 0) {
                break;
            }
            b.append(s, eol + 2, Math.min(s.length(), eol + 2 + n));
            i = eol + 2 + n + 2;
        }
        return b.toString();
    }

    /** Values of header {@code name} (lower-case), in order. */
    List<String> header(String name) {
        return headers.stream().filter(h -> h[0].equals(name)).map(h -> h[1]).toList();
    }

    /** The part named in an {@code same:} list. */
    String part(String what) {
        return switch (what) {
            case "status" -> Integer.toString(status);
            case "body" -> body;
            case "raw" -> raw;
            default -> what.startsWith("header:") ? header(what.substring(7).toLowerCase()).toString()
                    : "unknown part " + what;
        };
    }
}

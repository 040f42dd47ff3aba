package io.luxy.lua.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * One request of a conformance case and what its answer must look like. {@code expect.txt} holds
 * blocks separated by lines {@code ---}; in a block, lines are {@code key: value} ({@code #}
 * starts a comment line). Values of {@code send}, {@code reqbody}, {@code body} and {@code raw}
 * understand the escapes {@code \r \n \t \\ \xNN}.
 *
 * <pre>
 * name: what this exchange checks
 * port: 2                    which @Pn@ to connect to (default 1)
 * http: GET /path [HTTP/1.0] a request with Host and "Connection: close" (and content-length
 * reqheader: X-A: 1          when reqbody is given); repeatable
 * reqbody: text
 * send: raw bytes            instead of http: (TCP cases); repeatable, sent in order
 * halfclose: yes|no          shut down our output after sending (default: yes for send, no for http)
 * status: 200                HTTP expectations (response parsed, chunked bodies decoded)
 * header: name: value        a response header line with that name (any case) and value
 * noheader: name
 * body: exact text
 * body~: regex               found in the body (DOTALL)
 * raw: exact bytes           whole answer until the server closes (TCP)
 * raw~: regex                found in the raw answer (DOTALL)
 * same: status,body,raw      what must be equal between HAProxy and Luxy
 *                            (default: status,body for http, raw for send)
 * </pre>
 */
final class Exchange {

    String name = "";
    int port = 1;
    String http;
    final List<String> reqHeaders = new ArrayList<>();
    String reqBody;
    final List<String> sends = new ArrayList<>();
    Boolean halfClose;
    Integer status;
    final List<String[]> headers = new ArrayList<>();
    final List<String> noHeaders = new ArrayList<>();
    String body;
    String bodyRegex;
    String raw;
    String rawRegex;
    List<String> same;

    /** Parses every block of an {@code expect.txt}. */
    static List<Exchange> parseAll(String text) {
        List<Exchange> out = new ArrayList<>();
        Exchange cur = new Exchange();
        boolean any = false;
        for (String line : text.split("\n", -1)) {
            String l = line.stripTrailing();
            if (l.equals("---")) {
                if (any) {
                    out.add(cur.check());
                }
                cur = new Exchange();
                any = false;
                continue;
            }
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            int c = l.indexOf(':');
            if (c < 0) {
                throw new IllegalArgumentException("expect.txt: no 'key:' in line: " + l);
            }
            cur.set(l.substring(0, c).strip(), l.substring(c + 1).stripLeading());
            any = true;
        }
        if (any) {
            out.add(cur.check());
        }
        return out;
    }

    private void set(String key, String v) {
        switch (key) {
            case "name" -> name = v;
            case "port" -> port = Integer.parseInt(v);
            case "http" -> http = v;
            case "reqheader" -> reqHeaders.add(v);
            case "reqbody" -> reqBody = unescape(v);
            case "send" -> sends.add(unescape(v));
            case "halfclose" -> halfClose = v.equals("yes");
            case "status" -> status = Integer.parseInt(v);
            case "header" -> {
                int c = v.indexOf(':');
                headers.add(new String[] {v.substring(0, c).strip().toLowerCase(), v.substring(c + 1).strip()});
            }
            case "noheader" -> noHeaders.add(v.toLowerCase());
            case "body" -> body = unescape(v);
            case "body~" -> bodyRegex = v;
            case "raw" -> raw = unescape(v);
            case "raw~" -> rawRegex = v;
            case "same" -> same = List.of(v.split("\\s*,\\s*"));
            default -> throw new IllegalArgumentException("expect.txt: unknown key '" + key + "'");
        }
    }

    private Exchange check() {
        if ((http == null) == sends.isEmpty()) {
            throw new IllegalArgumentException("expect.txt block '" + name + "': exactly one of http: or send: lines");
        }
        if (same == null) {
            same = http != null ? List.of("status", "body") : List.of("raw");
        }
        return this;
    }

    /** True when this exchange is an HTTP request built from {@code http:}. */
    boolean isHttp() {
        return http != null;
    }

    /** The bytes to send (ISO-8859-1 string). */
    String request() {
        if (http == null) {
            return String.join("", sends);
        }
        String[] p = http.split(" ");
        String version = p.length > 2 ? p[2] : "HTTP/1.1";
        StringBuilder b = new StringBuilder(p[0]).append(' ').append(p[1]).append(' ').append(version).append("\r\n");
        b.append("Host: localhost\r\n");
        for (String h : reqHeaders) {
            b.append(h).append("\r\n");
        }
        if (reqBody != null) {
            b.append("Content-Length: ").append(reqBody.length()).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        if (reqBody != null) {
            b.append(reqBody);
        }
        return b.toString();
    }

    /** Whether to shut down the output after sending. */
    boolean halfClose() {
        return halfClose != null ? halfClose : http == null;
    }

    /** Decodes {@code \r \n \t \\ \xNN}. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> b.append(n);
            }
        }
        return b.toString();
    }

    /** Shows control characters as escapes, for messages. */
    static String show(String s) {
        return s == null ? "null" : s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n\n").replace("\t", "\\t");
    }

    @Override
    public String toString() {
        return name.isEmpty() ? (http != null ? http : show(request())) : name;
    }
}

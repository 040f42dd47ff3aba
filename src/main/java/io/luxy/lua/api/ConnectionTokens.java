package io.luxy.lua.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's view of the {@code Connection} header once a message is parsed into HTX: the
 * {@code close} and {@code keep-alive} tokens are consumed by the HTTP/1 multiplexer, the other
 * tokens stay (joined with ","), and a header left empty disappears. Other hop-by-hop headers
 * ({@code keep-alive}, {@code te}, {@code upgrade}, {@code transfer-encoding}…) stay visible.
 * Measured on HAProxy 2.6.12 ({@code Connection: te,  close ,bar} is seen as {@code te,bar});
 * source {@code h1_parse_connection_header()} with {@code H1_MF_CLEAN_CONN_HDR}.
 */
final class ConnectionTokens {

    private ConnectionTokens() {
    }

    /** The headers as a Lua script sees them: the list itself when nothing changes. */
    static List<Map.Entry<String, String>> clean(List<Map.Entry<String, String>> headers) {
        int i = indexOfConnection(headers, 0);
        if (i < 0) {
            return headers;
        }
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        out.addAll(headers.subList(0, i));
        for (; i < headers.size(); i++) {
            Map.Entry<String, String> h = headers.get(i);
            if (!h.getKey().equalsIgnoreCase("connection")) {
                out.add(h);
                continue;
            }
            String kept = keptTokens(h.getValue());
            if (!kept.isEmpty()) {
                out.add(Map.entry(h.getKey(), kept));
            }
        }
        return out;
    }

    private static int indexOfConnection(List<Map.Entry<String, String>> headers, int from) {
        for (int i = from; i < headers.size(); i++) {
            if (headers.get(i).getKey().equalsIgnoreCase("connection")) {
                return i;
            }
        }
        return -1;
    }

    private static String keptTokens(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (String token : value.split(",")) {
            String t = token.strip();
            if (t.isEmpty() || t.equalsIgnoreCase("close") || t.equalsIgnoreCase("keep-alive")) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(t);
        }
        return sb.toString();
    }
}

package io.luxy.proxy.http;

import java.nio.charset.StandardCharsets;

/**
 * HAProxy 2.6's verdict on one HTTP/1 request head (src/h1.c {@code h1_headers_to_hdr_list},
 * src/h1_htx.c, src/mux_h1.c, as Debian's 2.6.12 behaves on loopback): the request line, the
 * header fields, the framing ({@code Content-Length}, {@code Transfer-Encoding}) and the limits
 * ({@code tune.bufsize - tune.maxrewrite} of HTX room, {@code tune.http.maxhdr} fields).
 * <p>
 * {@link #parse} reads the bytes of a complete head (leading empty lines included, ending with the
 * LF of its empty line) and fills the fields below: a status (0 when valid, else the 400, 413 or
 * 422 HAProxy answers), the framing of the body that follows, and, where HAProxy forwards a
 * normalised head (folded lines, bare LF, duplicate {@code Content-Length} or {@code Host}, both
 * framings, an upgrade with a body), the canonical bytes to forward instead. One instance per
 * connection, reused for each request (event loop only).
 */
final class H1RequestHead {

    /** 0 when the head is valid, else the status HAProxy answers (400, 413, 422). */
    int status;
    /** Offset of the method (after leading empty lines). */
    int start;
    /** Body framing: true for chunked. */
    boolean chunked;
    /** Body length when framed by {@code Content-Length}, else -1 (no body unless chunked). */
    long contentLength;
    /** True when the next bytes depend on the answer: an upgrade without body, or CONNECT. */
    boolean hold;
    /** True when HAProxy closes the connection after this request (both framings, or chunked HTTP/1.0). */
    boolean closeAfter;
    /** The head to forward instead of the original bytes, or null when they are forwarded as they are. */
    byte[] rewritten;

    private final H1Limits limits;
    private final boolean acceptInvalid;
    // header fields of the head being parsed: name and value offsets, a value rebuilt from folded lines
    private int[] ns = new int[32];
    private int[] ne = new int[32];
    private int[] vs = new int[32];
    private int[] ve = new int[32];
    private String[] folded = new String[32];
    private boolean[] dropped = new boolean[32];
    private int count;

    /** A parser for heads under {@code limits}; {@code acceptInvalid} is {@code option accept-invalid-http-request}. */
    H1RequestHead(H1Limits limits, boolean acceptInvalid) {
        this.limits = limits;
        this.acceptInvalid = acceptInvalid;
    }

    /** Parses the complete head {@code h[0..n)}; returns {@link #status} (0 = valid). */
    int parse(byte[] h, int n) {
        status = 0;
        chunked = false;
        contentLength = -1;
        hold = false;
        closeAfter = false;
        rewritten = null;
        count = 0;
        boolean canonical = true;
        int p = 0;
        while (p < n && (h[p] == '\r' || h[p] == '\n')) { // empty lines before the request line are skipped
            if (h[p] == '\r') {
                if (p + 1 >= n || h[p + 1] != '\n') {
                    return bad(400);
                }
                p++;
            }
            p++;
        }
        start = p;
        // request line: method SP+ uri SP+ version
        int eol = lf(h, p, n);
        int lineEnd = eol > p && h[eol - 1] == '\r' ? eol - 1 : eol;
        canonical &= lineEnd != eol;
        int m = p;
        while (m < lineEnd && H1Chars.isToken(h[m])) {
            m++;
        }
        if (m == p || m == lineEnd || !H1Chars.isSpHt(h[m])) {
            return bad(400); // no method, HTTP/0.9, or a bad character
        }
        int u = m;
        while (u < lineEnd && H1Chars.isSpHt(h[u])) {
            u++;
        }
        canonical &= u == m + 1 && h[m] == ' ';
        int ue = u;
        while (ue < lineEnd && !H1Chars.isSpHt(h[ue])) {
            int c = h[ue] & 0xff;
            if (c < 33 || c == 127 || ((c >= 128 || c == '#') && !acceptInvalid)) {
                return bad(400);
            }
            ue++;
        }
        if (ue == u || ue == lineEnd) {
            return bad(400); // HTTP/0.9 request
        }
        int v = ue;
        while (v < lineEnd && H1Chars.isSpHt(h[v])) {
            v++;
        }
        canonical &= v == ue + 1 && h[ue] == ' ';
        if (lineEnd - v != 8 || h[v] != 'H' || h[v + 1] != 'T' || h[v + 2] != 'T' || h[v + 3] != 'P' || h[v + 4] != '/'
                || !digit(h[v + 5]) || h[v + 6] != '.' || !digit(h[v + 7])) {
            return bad(400);
        }
        for (int i = p; i < lineEnd; i++) {
            if (h[i] == '\r') {
                return bad(400);
            }
        }
        boolean ver11 = h[v + 5] > '1' || (h[v + 5] == '1' && h[v + 7] >= '1');
        // HAProxy answers and forwards HTTP/1.1 for any later version: Netty would echo "HTTP/2.0"
        boolean above11 = h[v + 5] > '1' || (h[v + 5] == '1' && h[v + 7] > '1');
        canonical &= !above11;
        String method = new String(h, p, m - p, StandardCharsets.ISO_8859_1);
        String uri = new String(h, u, ue - u, StandardCharsets.ISO_8859_1);
        String version = above11 ? "HTTP/1.1" : new String(h, v, 8, StandardCharsets.ISO_8859_1);
        // header lines
        p = eol + 1;
        while (true) {
            if (p >= n) {
                return bad(400);
            }
            eol = lf(h, p, n);
            lineEnd = eol > p && h[eol - 1] == '\r' ? eol - 1 : eol;
            canonical &= lineEnd != eol;
            for (int i = p; i < lineEnd; i++) {
                if (h[i] == '\r') {
                    return bad(400); // a CR not followed by LF
                }
            }
            if (lineEnd == p) {
                break; // the empty line ending the head
            }
            if (H1Chars.isSpHt(h[p])) { // obs-fold: HAProxy turns the line break into spaces
                if (count == 0) {
                    return bad(400);
                }
                int last = count - 1;
                String prev = value(h, last, false);
                int pad = 1 + (p >= 2 && h[p - 2] == '\r' ? 1 : 0); // the line break itself
                folded[last] = prev + " ".repeat(pad) + new String(h, p, lineEnd - p, StandardCharsets.ISO_8859_1);
                canonical = false;
                p = eol + 1;
                continue;
            }
            int c = p;
            while (c < lineEnd && h[c] != ':') {
                if (!H1Chars.isToken(h[c]) && !acceptInvalid) {
                    return bad(400);
                }
                c++;
            }
            if (c == lineEnd || c == p) {
                return bad(400); // no colon, or an empty name
            }
            int vb = c + 1;
            while (vb < lineEnd && H1Chars.isSpHt(h[vb])) {
                vb++;
            }
            int vend = lineEnd;
            while (vend > vb && H1Chars.isSpHt(h[vend - 1])) {
                vend--;
            }
            add(p, c, vb, vend);
            p = eol + 1;
        }
        String normalized = withoutDefaultPort(uri);
        return semantics(h, method, normalized, version, ver11, canonical && normalized.equals(uri));
    }

    /** The rules applied once the fields are known (framing, Host, upgrade, limits). */
    private int semantics(byte[] h, String method, String uri, String version, boolean ver11, boolean canonical) {
        boolean te = false;
        boolean teChunked = false;
        boolean teLastChunked = false;
        boolean teOther = false;
        boolean connUpgrade = false;
        boolean upgrade = false;
        boolean websocket = false;
        boolean wsKey = false;
        String host = null;
        int kept = 0;
        long htx = 48 + 20 + method.length() + uri.length() + version.length();
        for (int i = 0; i < count; i++) {
            if (kept >= limits.maxhdr()) {
                return bad(400);
            }
            String val = value(h, i, false);
            int nlen = ne[i] - ns[i];
            if (is(h, i, "transfer-encoding")) {
                te = true;
                for (String t : words(val)) {
                    teLastChunked = false;
                    if (t.equalsIgnoreCase("chunked")) {
                        if (teChunked) {
                            return bad(400); // chunked twice
                        }
                        teChunked = true;
                        teLastChunked = true;
                    } else {
                        if (teChunked) {
                            return bad(400); // a coding after chunked
                        }
                        teOther = true;
                    }
                }
            } else if (is(h, i, "content-length")) {
                long cl = contentLength(val);
                if (cl < 0 || (contentLength >= 0 && cl != contentLength)) {
                    return bad(400);
                }
                if (contentLength >= 0) {
                    dropped[i] = true; // a repeated equal value: HAProxy keeps the first
                    canonical = false;
                    continue;
                }
                String word = lastWord(val);
                if (!val.equals(word)) { // a list of equal values: HAProxy forwards the last one as written
                    folded[i] = word;
                    canonical = false;
                }
                contentLength = cl;
            } else if (is(h, i, "connection")) {
                for (String w : val.split(",")) {
                    connUpgrade |= w.strip().equalsIgnoreCase("upgrade");
                }
            } else if (is(h, i, "upgrade")) {
                upgrade = true;
                for (String w : val.split(",")) {
                    websocket |= w.strip().equalsIgnoreCase("websocket");
                }
            } else if (is(h, i, "sec-websocket-key")) {
                wsKey = true;
            } else if (is(h, i, "host")) {
                if (host == null) {
                    host = val;
                    String authority = authority(uri);
                    if (authority != null && !authority.isEmpty() && !sameAuthority(uri, authority, val) && !acceptInvalid) {
                        return bad(400);
                    }
                } else {
                    if (!host.equalsIgnoreCase(val)) {
                        return bad(400);
                    }
                    dropped[i] = true;
                    canonical = false;
                    continue;
                }
            }
            kept++;
            htx += 8 + nlen + val.length();
        }
        if (kept >= limits.maxhdr()) {
            return bad(400); // the end of the list takes a slot too
        }
        htx += 8 * 2L; // the start line and end-of-headers blocks
        if (htx >= limits.headRoom()) {
            return bad(400);
        }
        if (te) {
            if (contentLength >= 0) { // both framings: Content-Length is removed, the connection closed after
                for (int i = 0; i < count; i++) {
                    dropped[i] |= is(h, i, "content-length");
                }
                contentLength = -1;
                closeAfter = true;
                canonical = false;
            } else if (!ver11) {
                closeAfter = true;
                canonical = false;
            }
            if (!teLastChunked) {
                return bad(400);
            }
            chunked = true;
        }
        boolean body = chunked || contentLength > 0;
        if (!ver11 && body && (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE"))) {
            return bad(413);
        }
        if (teOther) {
            return bad(422);
        }
        if (connUpgrade && upgrade && websocket && !wsKey) {
            return bad(400);
        }
        if (connUpgrade && upgrade && body) { // no protocol upgrade with a payload: the Upgrade header is removed
            for (int i = 0; i < count; i++) {
                dropped[i] |= is(h, i, "upgrade");
            }
            upgrade = false;
            canonical = false;
        }
        hold = method.equals("CONNECT") || (connUpgrade && upgrade && !body);
        if (!canonical) {
            // Netty refuses Transfer-Encoding in HTTP/1.0, which HAProxy forwards (closing after): the
            // decoder is given HTTP/1.1 with Connection: close (servers are spoken to in HTTP/1.1 anyway)
            rewritten = canonicalHead(h, method, uri, chunked && !ver11 ? "HTTP/1.1" : version);
        }
        return 0;
    }

    /** The head as HAProxy forwards it: single spaces, CRLF, unfolded values, dropped fields left out. */
    private byte[] canonicalHead(byte[] h, String method, String uri, String version) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(uri).append(' ').append(version).append("\r\n");
        if (closeAfter) {
            sb.append("Connection: close\r\n"); // read by the frontend as the request to close after the answer
        }
        for (int i = 0; i < count; i++) {
            if (!dropped[i]) {
                sb.append(new String(h, ns[i], ne[i] - ns[i], StandardCharsets.ISO_8859_1)).append(": ")
                        .append(value(h, i, true)).append("\r\n");
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private int bad(int s) {
        status = s;
        rewritten = null;
        return s;
    }

    private void add(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (count == ns.length) {
            int len = count * 2;
            ns = java.util.Arrays.copyOf(ns, len);
            ne = java.util.Arrays.copyOf(ne, len);
            vs = java.util.Arrays.copyOf(vs, len);
            ve = java.util.Arrays.copyOf(ve, len);
            folded = java.util.Arrays.copyOf(folded, len);
            dropped = java.util.Arrays.copyOf(dropped, len);
        }
        ns[count] = nameStart;
        ne[count] = nameEnd;
        vs[count] = valueStart;
        ve[count] = valueEnd;
        folded[count] = null;
        dropped[count] = false;
        count++;
    }

    /** Field {@code i}'s value; a folded value is trimmed of trailing blanks once complete. */
    private String value(byte[] h, int i, boolean trimFolded) {
        if (folded[i] != null) {
            return trimFolded ? folded[i].stripTrailing() : folded[i];
        }
        return new String(h, vs[i], ve[i] - vs[i], StandardCharsets.ISO_8859_1);
    }

    private boolean is(byte[] h, int i, String lowerName) {
        int len = ne[i] - ns[i];
        if (len != lowerName.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            int c = h[ns[i] + k];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * HAProxy's Content-Length list (src/h1.c h1_parse_cont_len_header): digits only, equal values
     * separated by commas and blanks, no empty element; -1 when invalid or over 2^63-1.
     */
    static long contentLength(String v) {
        long result = -1;
        String[] parts = v.split(",", -1);
        for (String part : parts) {
            String t = part.strip();
            if (t.isEmpty()) {
                return -1;
            }
            long cl = 0;
            for (int i = 0; i < t.length(); i++) {
                int c = t.charAt(i) - '0';
                if (c < 0 || c > 9 || cl > (Long.MAX_VALUE - c) / 10) {
                    return -1;
                }
                cl = cl * 10 + c;
            }
            if (result >= 0 && cl != result) {
                return -1;
            }
            result = cl;
        }
        return result;
    }

    private static String lastWord(String v) {
        String[] parts = v.split(",");
        return parts[parts.length - 1].strip();
    }

    /** The authority of an absolute-form or authority-form URI (userinfo removed), or null for origin/asterisk forms. */
    static String authority(String uri) {
        if (uri.isEmpty() || uri.charAt(0) == '/' || uri.charAt(0) == '*') {
            return null;
        }
        int s = uri.indexOf("://");
        int from = s < 0 ? 0 : s + 3;
        int to = from;
        while (to < uri.length() && "/?#".indexOf(uri.charAt(to)) < 0) {
            to++;
        }
        String a = uri.substring(from, to);
        int at = a.lastIndexOf('@');
        return at < 0 ? a : a.substring(at + 1);
    }

    /**
     * An absolute http (https) URI without its scheme's default port 80 (443), as HAProxy 2.6's
     * scheme-based normalisation forwards it; any other URI as it is.
     */
    static String withoutDefaultPort(String uri) {
        String port = uri.regionMatches(true, 0, "https://", 0, 8) ? ":443" : uri.regionMatches(true, 0, "http://", 0, 7) ? ":80" : null;
        if (port == null) {
            return uri;
        }
        int from = uri.indexOf("://") + 3;
        int to = from;
        while (to < uri.length() && "/?#".indexOf(uri.charAt(to)) < 0) {
            to++;
        }
        return uri.substring(from, to).endsWith(port) ? uri.substring(0, to - port.length()) + uri.substring(to) : uri;
    }

    /**
     * True when {@code authority} (of {@code uri}) and the Host value name the same place: equal
     * ignoring case, once the scheme's default port (http 80, https 443) is left out of both.
     */
    static boolean sameAuthority(String uri, String authority, String host) {
        String port = uri.regionMatches(true, 0, "https://", 0, 8) ? ":443" : uri.regionMatches(true, 0, "http://", 0, 7) ? ":80" : null;
        if (port != null) {
            authority = authority.endsWith(port) ? authority.substring(0, authority.length() - port.length()) : authority;
            host = host.endsWith(port) ? host.substring(0, host.length() - port.length()) : host;
        }
        return authority.equalsIgnoreCase(host);
    }

    /**
     * The words of a comma-separated value as HAProxy's h1_parse_xfer_enc_header reads them: blanks
     * skipped before a word and trimmed after it; a comma where a word should start is an empty word.
     */
    static java.util.List<String> words(String v) {
        java.util.List<String> out = new java.util.ArrayList<>(2);
        int i = 0;
        int n = v.length();
        while (i < n) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int e = v.indexOf(',', i);
            if (e < 0) {
                e = n;
            }
            out.add(v.substring(i, e).strip());
            i = e + 1;
        }
        return out;
    }

    private static int lf(byte[] h, int from, int n) {
        for (int i = from; i < n; i++) {
            if (h[i] == '\n') {
                return i;
            }
        }
        return n;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}

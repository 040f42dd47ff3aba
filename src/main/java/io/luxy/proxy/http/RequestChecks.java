package io.luxy.proxy.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks HAProxy 2.6's HTTP/1 parser makes on a request head that Netty's decoder lets
 * through (src/h1.c h1_headers_to_hdr_list, src/http_htx.c): more than one Host header, an
 * absolute URI whose authority differs from Host, a Transfer-Encoding whose last coding is not
 * chunked. Each makes the request invalid (400, never forwarded).
 */
final class RequestChecks {

    private RequestChecks() {
    }

    /** The outcome: valid or not, and whether both Content-Length and Transfer-Encoding were given. */
    record Result(boolean valid, boolean lengthAmbiguous) {
        static final Result OK = new Result(true, false);
        static final Result BAD = new Result(false, false);
    }

    /** What {@link #h2} decides for an HTTP/2 request. */
    enum H2Verdict { OK, RESET, BAD_REQUEST }

    /**
     * HAProxy 2.6's checks of an HTTP/2 request's pseudo-headers (src/h2.c h2_make_htx_request;
     * reg-test http-messaging/h2_desync_attacks): a {@code :path} that is neither origin-form nor
     * {@code *} (for OPTIONS) resets the stream (PROTOCOL_ERROR); a {@code :method} that is not a
     * token or a {@code :scheme} that is not a URI scheme gets a 400.
     */
    static H2Verdict h2(String method, String scheme, String path) {
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c > 255 || !H1Chars.isToken((byte) c)) {
                return H2Verdict.BAD_REQUEST;
            }
        }
        if (method.isEmpty() || (scheme != null && !scheme.matches("[A-Za-z][A-Za-z0-9+.-]*"))) {
            return H2Verdict.BAD_REQUEST;
        }
        if (method.equals("CONNECT")) {
            return H2Verdict.OK;
        }
        if (path == null || !(path.startsWith("/") || (path.equals("*") && method.equals("OPTIONS")))) {
            return H2Verdict.RESET;
        }
        return H2Verdict.OK;
    }

    /** Checks a request's URI and headers. */
    static Result check(String uri, List<Map.Entry<String, String>> headers) {
        String host = null;
        int hosts = 0;
        boolean te = false;
        boolean cl = false;
        for (Map.Entry<String, String> h : headers) {
            String k = h.getKey();
            if (k.equalsIgnoreCase("host")) {
                hosts++;
                host = h.getValue().trim();
            } else if (k.equalsIgnoreCase("transfer-encoding")) {
                String v = h.getValue().toLowerCase(Locale.ROOT);
                int comma = v.lastIndexOf(',');
                if (!(comma < 0 ? v : v.substring(comma + 1)).trim().equals("chunked")) {
                    return Result.BAD;
                }
                te = true;
            } else if (k.equalsIgnoreCase("content-length")) {
                cl = true;
            }
        }
        if (hosts > 1) {
            return Result.BAD;
        }
        if (host != null && (uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8))) {
            int start = uri.indexOf("//") + 2;
            int end = start;
            while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
                end++;
            }
            if (!uri.substring(start, end).equalsIgnoreCase(host)) {
                return Result.BAD;
            }
        }
        return te && cl ? new Result(true, true) : Result.OK;
    }
}

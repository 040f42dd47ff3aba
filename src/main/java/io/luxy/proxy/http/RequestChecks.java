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

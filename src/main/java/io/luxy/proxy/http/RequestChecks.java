package io.luxy.proxy.http;

/**
 * The checks HAProxy 2.6 makes on an HTTP/2 request's pseudo-headers (HTTP/1 requests are judged
 * on their bytes by {@link H1RequestGate}).
 */
final class RequestChecks {

    private RequestChecks() {
    }

    /** What {@link #h2} decides for an HTTP/2 request. */
    enum H2Verdict { OK, RESET, BAD_REQUEST }

    /**
     * HAProxy 2.6's checks of an HTTP/2 request's pseudo-headers (src/h2.c h2_make_htx_request;
     * reg-test http-messaging/h2_desync_attacks): a {@code :path} that is neither origin-form nor
     * {@code *} (for OPTIONS), or that holds a {@code #}, resets the stream (PROTOCOL_ERROR); a
     * {@code :method} that is not a token or a {@code :scheme} that is not a URI scheme gets a 400.
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
        if (path == null || path.indexOf('#') >= 0 || !(path.startsWith("/") || (path.equals("*") && method.equals("OPTIONS")))) {
            return H2Verdict.RESET;
        }
        return H2Verdict.OK;
    }
}

package io.luxy.proxy.tcp;

/**
 * Why a stream could not be served, in HAProxy's terms: the HTTP status it answers (503 no
 * server or connection failure, 502 bad response, 504 server timeout; TCP streams just close)
 * and the two-letter termination state of its log line (doc/configuration.txt 8.5): first
 * letter who ended it (C client, S server, s server timeout, c client timeout), second the
 * phase (Q queue, C connect, H headers, D data).
 */
public record StreamFailure(int status, String termState) {

    /** No server usable in the backend. */
    public static final StreamFailure NO_SERVER = new StreamFailure(503, "SC");
    /** The connection to the server failed (refused, reset) on every try. */
    public static final StreamFailure CONNECT = new StreamFailure(503, "SC");
    /** {@code timeout connect} expired on the last try. */
    public static final StreamFailure CONNECT_TIMEOUT = new StreamFailure(503, "sC");
    /** {@code timeout queue} expired while waiting for a server slot ({@code maxconn}). */
    public static final StreamFailure QUEUE_TIMEOUT = new StreamFailure(503, "sQ");
    /** The server closed or answered garbage before a complete response header. */
    public static final StreamFailure BAD_RESPONSE = new StreamFailure(502, "SH");
    /** {@code timeout server} expired before the response header. */
    public static final StreamFailure SERVER_TIMEOUT = new StreamFailure(504, "sH");
}

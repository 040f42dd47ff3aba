package io.luxy.lua.api;

import java.util.List;
import java.util.Map;

import io.luxy.sample.SampleContext;
import io.vertx.core.buffer.Buffer;

/**
 * One HTTP request handed to a Lua HTTP service, as the proxy (or an in-memory probe) provides
 * it: request line and headers, the body as a {@link StreamInput}, and the response channel.
 * As a {@link io.luxy.sample.SampleContext} it offers no HTTP request to fetches, as HAProxy's
 * services do not (HAPROXY-LUA-API.md 1.4).
 * Response calls come from the service's virtual thread; implementations hand them to the
 * connection's event loop.
 */
public interface HttpExchange extends SampleContext {

    /** The path without the query string, still percent-encoded. */
    String path();

    /** The query string without '?', or "". */
    String query();

    /** "HTTP/1.1" or "HTTP/1.0". */
    String version();

    /** The request headers in arrival order (what {@code applet.headers} shows). */
    List<Map.Entry<String, String>> headers();

    /** The request body (complete or streaming). */
    StreamInput body();

    /** Sends the status line and headers (names as given). Called once. */
    void sendHead(int status, String reason, List<Map.Entry<String, String>> headers, boolean chunked);

    /** Sends body bytes after the head. */
    void sendData(Buffer data);

    /** Ends the response normally. */
    void end();

    /** Sends HAProxy's 500 error response when nothing was sent yet. */
    void fail500();

    /** Aborts the connection (after headers were sent, an error can only close). */
    void abort();

    /**
     * The transaction the service runs in, whose Lua private value the applet shares
     * ({@code applet:get_priv()} starts with what an action's {@code txn:set_priv} stored, as in
     * HAProxy 2.6.12 where both read {@code s->hlua}); null when the exchange has no stream.
     */
    default TxnContext txn() {
        return null;
    }
}

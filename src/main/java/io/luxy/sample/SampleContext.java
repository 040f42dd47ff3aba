package io.luxy.sample;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What a sample fetch can read about the current stream: connection addresses, the HTTP request
 * (null/empty when not HTTP or not available, e.g. inside a Lua service), and variables.
 * Implemented by the proxy's stream and by Lua applets.
 */
public interface SampleContext {

    /** Client address of the connection (fetch {@code src}, {@code src_port}). */
    InetSocketAddress source();

    /** Local address the client connected to (fetch {@code dst}, {@code dst_port}). */
    InetSocketAddress destination();

    /** True when an HTTP request is available to fetches (HAProxy: an HTTP parser is present). */
    default boolean hasHttpRequest() {
        return false;
    }

    /** The request method, e.g. "GET"; null when not HTTP. */
    default String method() {
        return null;
    }

    /** The request URI as received (path and query), e.g. "/a/b?x=1"; null when not HTTP. */
    default String uri() {
        return null;
    }

    /** Request headers in arrival order, names as received; empty when not HTTP. */
    default List<Map.Entry<String, String>> requestHeaders() {
        return List.of();
    }

    /** The variable store for this stream (scopes proc, sess, txn, req, res). */
    Vars vars();
}

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

    /** The response status once a response is known (fetch {@code status}), else -1. */
    default int responseStatus() {
        return -1;
    }

    /** Response headers in arrival order (fetch {@code res.hdr}); empty before a response. */
    default List<Map.Entry<String, String>> responseHeaders() {
        return List.of();
    }

    /** The buffered request body as ISO-8859-1 text (fetch {@code req.body}), or null when not buffered. */
    default String requestBody() {
        return null;
    }

    /** True when the client connection uses TLS (fetch {@code ssl_fc}). */
    default boolean ssl() {
        return false;
    }

    /** The SNI the client sent (fetch {@code ssl_fc_sni}), or null. */
    default String sni() {
        return null;
    }

    /** Name of the backend chosen for this stream (fetches {@code nbsrv}, {@code be_conn} without argument), or null. */
    default String backendName() {
        return null;
    }

    /**
     * The stream's unique ID (fetch {@code unique-id}, log variable {@code %ID}), generated from the
     * frontend's {@code unique-id-format} on first use; null when the frontend has none.
     */
    default String uniqueId() {
        return null;
    }
}

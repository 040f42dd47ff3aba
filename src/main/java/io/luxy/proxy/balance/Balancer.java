package io.luxy.proxy.balance;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * A {@code balance} algorithm over one backend's servers (HAProxy doc/configuration.txt 4.2
 * "balance"). Implementations are lock-free or nearly so: the request path calls
 * {@link #select} on every event loop at once. Only {@link Server#usable()} servers are picked;
 * backup servers only when no active one is usable.
 */
public interface Balancer {

    /**
     * The server for this stream, or null when none is usable (the caller answers 503).
     *
     * @param ctx   the stream (hash algorithms read its source, URI, parameters or headers)
     * @param avoid a server to avoid when another is usable (a redispatch after a failure), or null
     */
    Server select(SampleContext ctx, Server avoid);

    /** Called when a server's weight or state changed (runtime API, health check); default: nothing to rebuild. */
    default void serversChanged() {
    }

    /**
     * False for static algorithms ({@code static-rr}, map-based hashing), which take only the
     * weights 0% and 100% at run time (HAProxy's {@code BE_LB_PROP_DYN}).
     */
    default boolean dynamicWeights() {
        return true;
    }

    /**
     * True for the algorithms that hash a property of the request ({@code source}, {@code uri},
     * {@code url_param}, {@code hdr}; HAProxy's {@code BE_LB_KIND_HI}): the server is not
     * interchangeable, so after a failed connection {@code option redispatch} moves the stream
     * only on the retries its interval names, never at once as for the other algorithms.
     */
    default boolean hashesRequest() {
        return false;
    }
}

package io.luxy.runtime;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import io.luxy.proxy.ProxyModel;

/**
 * The runtime view ({@link Cli}: proxy ids, CSV rows, {@code show info}) of each running
 * generation, keyed by the identity of its {@link ProxyModel}. HTTP applets on the data path (the
 * stats page, the Prometheus exporter) find here the same numbers the stats socket shows.
 * Registered by {@link RuntimeApi#start} and removed by {@link RuntimeApi#stop}; looked up only
 * by applet requests, never by proxied traffic.
 */
public final class RuntimeViews {

    private static final Map<ProxyModel, Cli> BY_MODEL = Collections.synchronizedMap(new IdentityHashMap<>());

    private RuntimeViews() {
    }

    static void put(ProxyModel model, Cli cli) {
        BY_MODEL.put(model, cli);
    }

    static void remove(ProxyModel model) {
        BY_MODEL.remove(model);
    }

    /**
     * The view of {@code model}; when its generation registered none (built without a runtime
     * API, as in unit tests), one without the configuration (default balance and maxconn).
     */
    public static Cli of(ProxyModel model) {
        Cli c = BY_MODEL.get(model);
        return c != null ? c : new Cli(new Proxies(model, null), null, 1);
    }
}

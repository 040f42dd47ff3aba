package io.luxy.sample;

/**
 * What fetches such as {@code nbsrv}, {@code be_conn} and {@code srv_is_up} read about the
 * generation's backends (doc/configuration.txt 7.3.2). Implemented by the proxy layer, so the
 * sample package does not depend on it; lookups are by name and must not block.
 */
public interface ProxyLookup {

    /** A lookup that knows no backend (outside a generation, e.g. unit tests of other fetches). */
    ProxyLookup NONE = new ProxyLookup() {
    };

    /** True when a backend of this name exists in the generation (checked at parse time). */
    default boolean hasBackend(String name) {
        return false;
    }

    /** True when {@code backend} has a server named {@code server} (checked at parse time). */
    default boolean hasServer(String backend, String server) {
        return false;
    }

    /** Usable servers of the backend ({@code nbsrv}), or -1 when unknown. */
    default int usableServers(String backend) {
        return -1;
    }

    /** Connections currently established to the backend's servers ({@code be_conn}), or -1 when unknown. */
    default int currentConns(String backend) {
        return -1;
    }

    /** Whether the server is UP ({@code srv_is_up}); null when unknown. */
    default Boolean serverUp(String backend, String server) {
        return null;
    }
}

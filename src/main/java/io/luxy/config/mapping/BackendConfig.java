package io.luxy.config.mapping;

import java.util.Map;
import java.util.Optional;

/** A backend or listen section ({@code luxy.backends.<name>.*}), with values inherited from its defaults. */
public interface BackendConfig {

    /** The effective {@code mode}: tcp or http. */
    Optional<String> mode();

    /** The effective {@code balance} algorithm (first word, e.g. roundrobin, hdr(host)). */
    Optional<String> balance();

    /** The effective timeouts by name (connect, server…), in HAProxy's time format. */
    Map<String, String> timeout();

    /** The servers by name. */
    Map<String, ServerConfig> servers();

    /** One {@code server} line. */
    interface ServerConfig {

        /** The address as written, {@code host:port}. */
        String address();

        /** The {@code weight}, when set. */
        Optional<String> weight();
    }
}

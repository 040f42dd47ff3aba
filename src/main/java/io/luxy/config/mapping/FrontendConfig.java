package io.luxy.config.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A frontend or listen section ({@code luxy.frontends.<name>.*}), with values inherited from its defaults. */
public interface FrontendConfig {

    /** The effective {@code mode}: tcp or http. */
    Optional<String> mode();

    /** The addresses of the {@code bind} lines, one per line (first word only). */
    Optional<List<String>> bind();

    /** The effective {@code default_backend}. */
    Optional<String> defaultBackend();

    /** The effective timeouts by name (client, http-request…), in HAProxy's time format. */
    Map<String, String> timeout();

    /** The frontend {@code maxconn}. */
    Optional<String> maxconn();
}

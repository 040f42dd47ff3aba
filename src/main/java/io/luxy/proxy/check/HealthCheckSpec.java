package io.luxy.proxy.check;

import io.luxy.config.Diagnostics;
import io.luxy.config.Section;

/**
 * What an active health check of a backend's servers does: a TCP connect (default),
 * {@code option httpchk} with {@code http-check expect}, or {@code option tcp-check} with
 * {@code tcp-check send/expect} rules. HAProxy doc/configuration.txt 4.2 "option httpchk".
 */
public record HealthCheckSpec(Type type) {

    /** The kind of check. */
    public enum Type { TCP, HTTP, TCP_CHECK }

    /** A plain TCP connect check. */
    public static final HealthCheckSpec TCP_CONNECT = new HealthCheckSpec(Type.TCP);

    /** Reads the check definition of {@code s} (inherited from defaults). */
    public static HealthCheckSpec from(Section s, Diagnostics diag) {
        return TCP_CONNECT;
    }
}

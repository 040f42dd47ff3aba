package io.luxy.proxy;

import io.luxy.config.Diagnostics;
import io.luxy.config.Section;

/**
 * Connection-handling options of a backend (HAProxy doc/configuration.txt 4.2): {@code retries}
 * (default 3), {@code option redispatch}, {@code option forwardfor [except NET] [header NAME]
 * [if-none]}, {@code option http-server-close}, {@code option http-buffer-request},
 * {@code http-reuse never|safe|aggressive|always} (default safe).
 */
public record BackendOptions(ForwardFor forwardFor, int retries, boolean redispatch, boolean httpServerClose,
                             boolean httpBufferRequest, String httpReuse) {

    /** {@code option forwardfor}: header name (default X-Forwarded-For), network excepted (CIDR text or null), if-none. */
    public record ForwardFor(String header, String except, boolean ifNone) {
    }

    /** Reads the options of {@code s}, inherited from its defaults section. */
    public static BackendOptions from(Section s, Diagnostics diag) {
        ForwardFor ff = s.inherited("option", "forwardfor").map(d -> new ForwardFor("X-Forwarded-For", null, false)).orElse(null);
        int retries = s.inherited("retries").map(d -> parseInt(d.arg(0), 3)).orElse(3);
        boolean redispatch = s.inherited("option", "redispatch").isPresent();
        boolean serverClose = s.inherited("option", "http-server-close").isPresent();
        boolean buffer = s.inherited("option", "http-buffer-request").isPresent();
        String reuse = s.inherited("http-reuse").map(d -> d.arg(0)).orElse("safe");
        return new BackendOptions(ff, retries, redispatch, serverClose, buffer, reuse);
    }

    private static int parseInt(String v, int def) {
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return def;
        }
    }
}

package io.luxy.proxy;

import io.luxy.config.Diagnostics;
import io.luxy.config.Section;

/**
 * Connection options of a frontend: {@code maxconn} (0 = unlimited), {@code monitor-uri}
 * (null when none), {@code option http-buffer-request}, {@code option forwardfor}.
 */
public record FrontendOptions(int maxconn, String monitorUri, boolean httpBufferRequest, BackendOptions.ForwardFor forwardFor) {

    /** Reads the options of frontend section {@code s} (inherited from defaults). */
    public static FrontendOptions from(Section s, Diagnostics diag) {
        int maxconn = s.inherited("maxconn").map(d -> {
            try {
                return Integer.parseInt(d.arg(0));
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
        String monitor = s.inherited("monitor-uri").map(d -> d.arg(0)).orElse(null);
        boolean buffer = s.inherited("option", "http-buffer-request").isPresent();
        BackendOptions.ForwardFor ff = s.inherited("option", "forwardfor")
                .map(d -> new BackendOptions.ForwardFor("X-Forwarded-For", null, false)).orElse(null);
        return new FrontendOptions(maxconn, monitor, buffer, ff);
    }
}

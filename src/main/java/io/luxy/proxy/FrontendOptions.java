package io.luxy.proxy;

import io.luxy.config.Diagnostics;
import io.luxy.config.Section;

/**
 * Connection options of a frontend: {@code maxconn} (0 = unlimited), {@code monitor-uri}
 * (null when none), {@code option http-buffer-request}, {@code option forwardfor} (HAProxy
 * doc/configuration.txt 4.2), the header captures for the log ({@code capture request|response
 * header}), the stats page, the {@code unique-id-format}/{@code unique-id-header} and
 * {@code option accept-invalid-http-request} (the HTTP/1 parser's relaxed rules).
 */
public record FrontendOptions(int maxconn, String monitorUri, boolean httpBufferRequest, BackendOptions.ForwardFor forwardFor,
                              io.luxy.proxy.rules.Captures captures, StatsSettings stats, io.luxy.proxy.log.UniqueId uniqueId,
                              boolean acceptInvalidHttpRequest) {

    /** Options without header captures, stats page nor unique ID. */
    public FrontendOptions(int maxconn, String monitorUri, boolean httpBufferRequest, BackendOptions.ForwardFor forwardFor) {
        this(maxconn, monitorUri, httpBufferRequest, forwardFor, io.luxy.proxy.rules.Captures.NONE, StatsSettings.NONE,
                io.luxy.proxy.log.UniqueId.NONE, false);
    }

    /** These options with the stats page settings {@code value}. */
    public FrontendOptions withStats(StatsSettings value) {
        return new FrontendOptions(maxconn, monitorUri, httpBufferRequest, forwardFor, captures, value, uniqueId, acceptInvalidHttpRequest);
    }

    /** These options with the unique ID settings {@code value}. */
    public FrontendOptions withUniqueId(io.luxy.proxy.log.UniqueId value) {
        return new FrontendOptions(maxconn, monitorUri, httpBufferRequest, forwardFor, captures, stats, value, acceptInvalidHttpRequest);
    }

    /** Reads the options of frontend section {@code s} (inherited from defaults). */
    public static FrontendOptions from(Section s, Diagnostics diag) {
        int maxconn = s.inherited("maxconn").map(d -> {
            try {
                return Integer.parseInt(d.arg(0));
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
        String monitor = s.last("monitor-uri").map(d -> d.arg(0)).orElse(null);
        boolean buffer = s.inherited("option", "http-buffer-request").isPresent();
        return new FrontendOptions(maxconn, monitor, buffer, BackendOptions.ForwardFor.of(s), io.luxy.proxy.rules.Captures.from(s),
                StatsSettings.NONE, io.luxy.proxy.log.UniqueId.NONE,
                s.inherited("option", "accept-invalid-http-request").isPresent());
    }
}

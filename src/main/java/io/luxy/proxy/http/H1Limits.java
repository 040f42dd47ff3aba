package io.luxy.proxy.http;

import java.util.List;

import io.luxy.config.Directive;

/**
 * The global limits HAProxy 2.6's HTTP/1 parser applies to a request head (doc/configuration.txt
 * 3.2): {@code tune.bufsize} (bytes, default 16384), {@code tune.maxrewrite} (bytes kept free
 * for rewrites, default 1024, at most half the buffer) and {@code tune.http.maxhdr} (header
 * fields, default 101, one slot of which ends the list).
 */
public record H1Limits(int bufsize, int maxrewrite, int maxhdr) {

    /** HAProxy's defaults. */
    public static final H1Limits DEFAULT = new H1Limits(16384, 1024, 101);

    /** The room a request head may take in HAProxy's buffer: {@code bufsize - maxrewrite} bytes. */
    public int headRoom() {
        return bufsize - maxrewrite;
    }

    /** Reads the limits from the global section's directives (unset or invalid values keep the defaults). */
    public static H1Limits from(List<Directive> global) {
        int bufsize = DEFAULT.bufsize;
        int maxrewrite = -1;
        int maxhdr = DEFAULT.maxhdr;
        for (Directive d : global) {
            switch (d.keyword()) {
                case "tune.bufsize" -> bufsize = Math.max(1024, number(d, bufsize));
                case "tune.maxrewrite" -> maxrewrite = number(d, -1);
                case "tune.http.maxhdr" -> maxhdr = Math.max(1, Math.min(32767, number(d, maxhdr)));
                default -> {
                }
            }
        }
        // HAProxy: maxrewrite defaults to 1024 and is capped at half of the buffer
        if (maxrewrite < 0) {
            maxrewrite = Math.min(1024, bufsize / 2);
        }
        maxrewrite = Math.min(maxrewrite, bufsize / 2);
        return new H1Limits(bufsize, maxrewrite, maxhdr);
    }

    private static int number(Directive d, int fallback) {
        try {
            return d.arg(0) == null ? fallback : Integer.parseInt(d.arg(0));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

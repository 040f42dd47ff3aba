package io.luxy.proxy;

import io.luxy.proxy.tls.BindTls;

/**
 * One listening address of a frontend with the options of its {@code bind} line: TLS, and
 * {@code proto h2} (cleartext HTTP/2 with prior knowledge).
 */
public record Bind(BindAddress address, BindTls tls, boolean h2c) {

    /** A plain bind on {@code a}. */
    public static Bind plain(BindAddress a) {
        return new Bind(a, BindTls.NONE, false);
    }
}

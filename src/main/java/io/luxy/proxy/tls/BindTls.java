package io.luxy.proxy.tls;

import java.util.List;

/**
 * TLS settings of one {@code bind} line ({@code ssl crt FILE [crt-list F] [alpn LIST]
 * [ssl-min-ver V]}), HAProxy doc/configuration.txt 5.1. {@link #NONE} for plain binds.
 */
public record BindTls(boolean enabled, List<String> certs, String crtList, List<String> alpn, String minVersion) {

    /** A plain (non-TLS) bind. */
    public static final BindTls NONE = new BindTls(false, List.of(), null, List.of(), null);
}

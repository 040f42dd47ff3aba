package io.luxy.proxy.tls;

import java.util.List;

/**
 * TLS settings of one {@code bind} line, HAProxy doc/configuration.txt 5.1: {@code ssl}, the
 * certificates of {@code crt FILE|DIR} and {@code crt-list FILE} in line order (the first is the
 * default one), {@code alpn} protocol names in order, the TLS protocol versions left enabled by
 * {@code ssl-min-ver}/{@code ssl-max-ver}/{@code no-tlsvXX} in JDK spelling ({@code TLSv1.2}),
 * and {@code strict-sni}. {@link #NONE} for plain binds.
 */
public record BindTls(boolean enabled, List<CertKey> certs, List<String> alpn, List<String> protocols, boolean strictSni) {

    /** A plain (non-TLS) bind. */
    public static final BindTls NONE = new BindTls(false, List.of(), List.of(), List.of(), false);

    public BindTls {
        certs = List.copyOf(certs);
        alpn = List.copyOf(alpn);
        protocols = List.copyOf(protocols);
    }
}

package io.luxy.proxy;

import io.luxy.proxy.check.CheckSettings;

/**
 * A {@code server} line after {@code default-server} was applied: name, address, weight (0..256,
 * default 1), {@code backup}, {@code disabled}, {@code maxconn}/{@code maxqueue} (0 = unlimited),
 * health-check timing and TLS to the server. HAProxy doc/configuration.txt 5.2.
 */
public record ServerSettings(String name, int id, String host, int port, int weight, boolean backup, boolean disabled,
                             int maxconn, int maxqueue, CheckSettings check, ServerTls tls) {

    /** A server with defaults: weight given, optional plain TCP check, no TLS. */
    public static ServerSettings plain(String name, String host, int port, int weight, boolean check) {
        return new ServerSettings(name, 0, host, port, weight, false, false, 0, 0,
                check ? CheckSettings.DEFAULT.withEnabled(true) : CheckSettings.DEFAULT, ServerTls.NONE);
    }

    /**
     * TLS towards the server: {@code ssl}, {@code verify none|required}, {@code ca-file}, {@code sni}
     * (a sample expression text or null), {@code alpn}; and {@code proto} (the multiplexer forced
     * on the connection, "h2" or null), which applies with or without TLS.
     */
    public record ServerTls(boolean enabled, boolean verify, String caFile, String sni, String alpn, String proto) {
        /** No TLS. */
        public static final ServerTls NONE = new ServerTls(false, false, null, null, null, null);

        /** TLS settings without {@code proto}. */
        public ServerTls(boolean enabled, boolean verify, String caFile, String sni, String alpn) {
            this(enabled, verify, caFile, sni, alpn, null);
        }
    }
}

package io.luxy.proxy.tls;

import io.luxy.proxy.Bind;
import io.luxy.proxy.ServerSettings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;

/**
 * Applies HAProxy's TLS settings to Vert.x options: a {@code bind … ssl crt …} line to server
 * options (certificates, SNI, ALPN, minimum version; {@code proto h2} for cleartext HTTP/2),
 * and a {@code server … ssl} line to client options.
 */
public final class TlsSetup {

    private TlsSetup() {
    }

    /** Configures an HTTP listener for {@code bind}. */
    public static void configure(HttpServerOptions o, Bind bind) {
    }

    /** Configures a TCP listener for {@code bind}. */
    public static void configure(NetServerOptions o, Bind bind) {
    }

    /** Configures a client (HTTP or TCP) towards a server with {@code tls}. */
    public static void configure(ClientOptionsBase o, ServerSettings.ServerTls tls) {
    }
}

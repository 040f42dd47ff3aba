/**
 * TLS for the data path: {@code bind … ssl crt …} lines are parsed by {@link io.luxy.proxy.tls.BindParser}
 * (certificates loaded from HAProxy's combined PEM files, crt directories and crt-lists), the
 * certificate is chosen per handshake by SNI as HAProxy does, and {@link io.luxy.proxy.tls.TlsSetup}
 * turns bind and server settings into Vert.x options (ALPN/HTTP/2, protocol versions, trust).
 */
package io.luxy.proxy.tls;

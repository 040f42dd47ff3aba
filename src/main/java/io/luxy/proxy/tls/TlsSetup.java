package io.luxy.proxy.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import io.luxy.proxy.Bind;
import io.luxy.proxy.ServerSettings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TCPSSLOptions;

/**
 * Applies HAProxy's TLS settings to Vert.x options: a {@code bind … ssl crt …} line to server
 * options (certificates chosen by SNI, ALPN, enabled protocol versions), {@code proto h2} on a
 * cleartext bind (HTTP/2 with prior knowledge), and a {@code server … ssl} line to client options
 * (HAProxy doc/configuration.txt 5.1 and 5.2).
 */
public final class TlsSetup {

    private TlsSetup() {
    }

    /**
     * Configures an HTTP listener for {@code bind}. TLS binds answer HTTP/2 when {@code alpn}
     * lists {@code h2}, HTTP/1.1 otherwise (HAProxy 2.6 advertises no ALPN by default). Cleartext
     * binds accept the HTTP/2 preface ({@code proto h2}, and HAProxy's H1 mux upgrade on any
     * HTTP bind).
     */
    public static void configure(HttpServerOptions o, Bind bind) {
        o.setHttp2ClearTextEnabled(true);
        BindTls tls = bind.tls();
        if (!tls.enabled()) {
            return;
        }
        server(o, tls);
        o.setSni(true);
        List<HttpVersion> versions = new ArrayList<>();
        for (String p : tls.alpn()) {
            HttpVersion v = switch (p) {
                case "h2" -> HttpVersion.HTTP_2;
                case "http/1.1" -> HttpVersion.HTTP_1_1;
                case "http/1.0" -> HttpVersion.HTTP_1_0;
                default -> null;
            };
            if (v != null && !versions.contains(v)) {
                versions.add(v);
            }
        }
        if (!versions.isEmpty()) {
            o.setUseAlpn(true).setAlpnVersions(versions);
        }
    }

    /** Configures a TCP listener for {@code bind} (TLS is terminated; ALPN is not negotiated in tcp mode). */
    public static void configure(NetServerOptions o, Bind bind) {
        if (bind.tls().enabled()) {
            server(o, bind.tls());
            o.setSni(true);
        }
    }

    private static void server(TCPSSLOptions o, BindTls tls) {
        o.setSsl(true).setKeyCertOptions(new SniKeyCertOptions(tls.certs(), tls.strictSni()));
        if (!tls.protocols().isEmpty()) {
            o.setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()));
        }
    }

    /**
     * Configures a client (HTTP or TCP) towards a server with {@code tls}: {@code verify none}
     * trusts any certificate; {@code verify required} checks the chain against {@code ca-file}
     * (the JDK's trust store without one). As in HAProxy, the host name is not checked (no
     * {@code verifyhost}). {@code alpn} is offered for HTTP clients; {@code alpn h2} (or
     * {@code proto h2}, see {@link #configureHttp2}) makes the client speak HTTP/2. The SNI to
     * send is per connection: see {@link #sniName}.
     */
    public static void configure(ClientOptionsBase o, ServerSettings.ServerTls tls) {
        if (tls == null || !tls.enabled()) {
            return;
        }
        o.setSsl(true);
        if (!tls.verify()) {
            o.setTrustAll(true);
        } else if (tls.caFile() != null) {
            o.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile()));
        }
        if (o instanceof HttpClientOptions h) {
            h.setVerifyHost(false);
            if (tls.alpn() != null) {
                List<HttpVersion> versions = new ArrayList<>();
                for (String p : tls.alpn().split(",")) {
                    if (p.equals("h2")) {
                        versions.add(HttpVersion.HTTP_2);
                    } else if (p.equals("http/1.1")) {
                        versions.add(HttpVersion.HTTP_1_1);
                    }
                }
                if (!versions.isEmpty()) {
                    h.setUseAlpn(true).setAlpnVersions(versions).setProtocolVersion(versions.get(0));
                }
            }
        } else if (o instanceof NetClientOptions n) {
            n.setHostnameVerificationAlgorithm("");
        }
    }

    /**
     * {@code server … proto h2}: HTTP/2 towards the server, with prior knowledge in clear text
     * ({@code HttpClientOptions.setHttp2ClearTextUpgrade(false)}) or through ALPN over TLS.
     */
    public static void configureHttp2(HttpClientOptions o) {
        o.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
        if (o.isSsl()) {
            o.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2));
        }
    }

    /**
     * The server name to send for {@code sni EXPR} when the expression is a constant
     * ({@code str(NAME)}), else null: the caller evaluates other expressions (e.g.
     * {@code req.hdr(host)}) per request and passes the result as the TLS server name
     * (Vert.x: {@code NetClient.connect(port, host, serverName)}, or the request authority with
     * {@code HttpClientOptions.setForceSni(true)}).
     */
    public static String sniName(ServerSettings.ServerTls tls) {
        if (tls == null || tls.sni() == null) {
            return null;
        }
        String e = tls.sni().trim();
        if (e.startsWith("str(") && e.endsWith(")")) {
            return e.substring(4, e.length() - 1);
        }
        return null;
    }
}

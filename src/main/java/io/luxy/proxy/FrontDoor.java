package io.luxy.proxy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.http.HttpForwarder;
import io.luxy.proxy.http.ClientTimeout;
import io.luxy.proxy.http.HttpFrontendHandler;
import io.luxy.proxy.http.H1Limits;
import io.luxy.proxy.http.H1RequestGate;
import io.luxy.proxy.rules.ConnectionContext;
import io.luxy.proxy.rules.ConnectionRules;
import io.luxy.proxy.tcp.FrontendConns;
import io.luxy.proxy.tcp.TcpForwarder;
import io.luxy.proxy.tcp.TcpFrontendHandler;
import io.luxy.proxy.tls.TlsSetup;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TCPSSLOptions;

/**
 * One {@code bind} of one generation: the server options its socket needs and the handlers its
 * connections get, one per event loop (the index of the loop selects the per-thread Lua state).
 * {@link ListenerRegistry} keeps the listening servers across generations and hands each new
 * connection, and each request, to the door of the generation in service.
 */
public final class FrontDoor {


    /** The address a door listens on: a listening socket of the registry. */
    public record Key(Mode mode, String host, int port) {
        @Override
        public String toString() {
            return (mode == Mode.HTTP ? "http " : "tcp ") + host + ":" + port;
        }
    }

    /**
     * The server options fixed when a Vert.x server is created, TLS material excepted (a new
     * certificate is applied to the running socket with {@code updateSSLOptions}): two doors of
     * one key with equal shapes share the same servers.
     */
    record Shape(int maxLine, int maxHeader, int idleMillis, boolean h2c, boolean ssl, boolean alpn,
            List<?> alpnVersions, Set<String> protocols) {
        static Shape of(TCPSSLOptions o) {
            if (o instanceof HttpServerOptions h) {
                return new Shape(h.getMaxInitialLineLength(), h.getMaxHeaderSize(),
                        (int) h.getIdleTimeoutUnit().toMillis(h.getIdleTimeout()), h.isHttp2ClearTextEnabled(), h.isSsl(),
                        h.isUseAlpn(), List.copyOf(h.getAlpnVersions()), Set.copyOf(h.getEnabledSecureTransportProtocols()));
            }
            return new Shape(0, 0, 0, false, o.isSsl(), false, List.of(), Set.copyOf(o.getEnabledSecureTransportProtocols()));
        }
    }

    private final Key key;
    private final Frontend fe;
    private final LuaRuntime lua;
    private final HttpConnections connections;
    private final HttpServerOptions httpOptions;
    private final NetServerOptions netOptions;
    private final Shape shape;
    private final HttpFrontendHandler[] http;
    private final Handler<HttpServerRequest>[] invalid;
    private final TcpFrontendHandler[] tcp;
    private final boolean guard;
    private final H1Limits limits;
    /** {@code proto h2} on a bind: HTTP/2 only, as HAProxy (an HTTP/1 connection is closed). */
    private final boolean h2only;

    @SuppressWarnings("unchecked")
    FrontDoor(Frontend fe, Bind b, LuaRuntime lua, Map<String, HttpForwarder> forwarders,
            Map<String, TcpForwarder> tcpForwarders, H1Limits limits, FrontendConns conns, HttpConnections connections, int loops) {
        BindAddress a = b.address();
        this.key = new Key(fe.mode(), a.host(), a.port());
        this.fe = fe;
        this.lua = lua;
        this.connections = connections;
        this.limits = limits;
        this.h2only = b.h2c();
        if (fe.mode() == Mode.HTTP) {
            HttpServerOptions o = new HttpServerOptions().setHost(a.host()).setPort(a.port())
                    .setTcpNoDelay(true).setReuseAddress(true).setDecompressionSupported(false)
                    // H1RequestGate applies HAProxy's limits first; Netty's only bound what reaches it
                    .setMaxInitialLineLength(limits.bufsize() + 1024).setMaxHeaderSize(limits.bufsize() + 1024);
            if (fe.timeouts().client() > 0) {
                o.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, fe.timeouts().client()))
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            }
            TlsSetup.configure(o, b);
            if (!b.h2c() && !b.tls().enabled()) {
                // Vert.x's h2c detection delays the connection handler to the first decoded request
                // head, too late for H1RequestGate and timeout http-request: HTTP/2 prior knowledge
                // on a cleartext bind needs "proto h2" (HAProxy also detects its preface on any bind)
                o.setHttp2ClearTextEnabled(false);
            }
            this.httpOptions = o;
            this.netOptions = null;
            this.shape = Shape.of(o);
            this.http = new HttpFrontendHandler[loops];
            this.invalid = new Handler[loops];
            for (int i = 0; i < loops; i++) {
                HttpFrontendHandler h = new HttpFrontendHandler(fe, lua, forwarders, i, limits.bufsize(), conns);
                http[i] = h;
                invalid[i] = h::invalid;
            }
            this.guard = http.length > 0 && http[0].guardsConnections();
            this.tcp = null;
        } else {
            NetServerOptions o = new NetServerOptions().setHost(a.host()).setPort(a.port())
                    .setTcpNoDelay(true).setReuseAddress(true);
            TlsSetup.configure(o, b);
            this.netOptions = o;
            this.httpOptions = null;
            this.shape = Shape.of(o);
            this.tcp = new TcpFrontendHandler[loops];
            for (int i = 0; i < loops; i++) {
                tcp[i] = new TcpFrontendHandler(fe, lua, tcpForwarders, i, conns);
            }
            this.http = null;
            this.invalid = null;
            this.guard = false;
        }
    }

    /** The socket this door listens on. */
    public Key key() {
        return key;
    }

    Shape shape() {
        return shape;
    }

    /** Options for a new HTTP server (http mode), else null. */
    HttpServerOptions httpOptions() {
        return httpOptions == null ? null : new HttpServerOptions(httpOptions);
    }

    /** Options for a new TCP server (tcp mode), else null. */
    NetServerOptions netOptions() {
        return netOptions == null ? null : new NetServerOptions(netOptions);
    }

    /** This door's TLS options (certificates) when it terminates TLS, else null. */
    io.vertx.core.net.SSLOptions sslOptions() {
        TCPSSLOptions o = httpOptions != null ? httpOptions : netOptions;
        return o.isSsl() ? o.getSslOptions() : null;
    }

    /**
     * Takes a new HTTP connection: the frontend's connection rules, counters and timeouts of
     * this generation apply to it (its requests go to the door in service when each arrives,
     * see {@link KeptConnection}). Returns false, leaving the connection untouched, when this
     * generation takes no more connections (drained or stopped).
     */
    boolean accept(KeptConnection kept) {
        HttpConnection conn = kept.connection();
        if (!connections.admit(kept, fe.counters()::sessionClosed)) { // the counters, not this door: no generation kept for it
            return false;
        }
        // timeout client from here on without a promise listener per write (Vert.x's handler covered accept to first bytes)
        ClientTimeout.install(((io.vertx.core.net.impl.ConnectionBase) conn).channel().pipeline(), fe.timeouts().client());
        fe.counters().connection(); // stats conn_tot, scur, stot
        fe.counters().sessionOpened();
        if (fe.counters().paused()) { // "disable frontend"
            conn.close();
        } else if (!fe.tcpConnectionRules().isEmpty() && !ConnectionRules.accept(fe.tcpConnectionRules(),
                ConnectionContext.of(StreamBase.inet(conn.remoteAddress()), StreamBase.inet(conn.localAddress()), lua.procVars()))) {
            conn.close();
        } else {
            if (guard) {
                http[kept.loop()].connection(conn);
            }
            io.netty.channel.Channel ch = ((io.vertx.core.net.impl.ConnectionBase) conn).channel();
            if (ch.pipeline().get("httpDecoder") != null) { // HTTP/1.x: HAProxy's parser rules before Netty's decoder
                if (h2only) {
                    conn.close();
                } else {
                    H1RequestGate.install(ch, fe, limits);
                }
            }
        }
        return true;
    }

    /** Serves a request of {@code kept}; false when this generation serves no more (drained or stopped). */
    boolean serve(HttpServerRequest req, KeptConnection kept) {
        return connections.serve(req, kept, http[kept.loop()]);
    }

    /** Answers a request of {@code kept} that Netty's decoder refused; false as {@link #serve}. */
    boolean invalid(HttpServerRequest req, KeptConnection kept) {
        return connections.serve(req, kept, invalid[kept.loop()]);
    }

    /** The requests of this door's generation. */
    HttpConnections connections() {
        return connections;
    }

    /** Takes a new TCP connection accepted on event loop {@code loop}. */
    void accept(NetSocket socket, int loop) {
        tcp[loop].handle(socket);
    }
}

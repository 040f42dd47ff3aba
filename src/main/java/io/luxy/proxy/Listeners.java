package io.luxy.proxy;

import io.luxy.proxy.rules.ConnectionContext;
import io.luxy.proxy.rules.ConnectionRules;
import io.luxy.proxy.tls.TlsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.http.HttpForwarder;
import io.luxy.proxy.http.HttpFrontendHandler;
import io.luxy.proxy.tcp.TcpFrontendHandler;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import io.luxy.proxy.tcp.FrontendConns;
import io.luxy.proxy.tcp.TcpForwarder;
import io.vertx.core.net.NetServerOptions;

/**
 * The sockets of one generation: one instance of this verticle per event loop binds every
 * frontend's addresses (Vert.x shares a listening socket between instances and spreads
 * connections over them), with HTTP servers for http frontends and TCP servers for tcp ones.
 */
public final class Listeners extends AbstractVerticle {

    /** HAProxy's {@code tune.maxrewrite} default: buffer room kept free of the request head. */
    private static final int MAXREWRITE = 1024;

    private final ProxyModel model;
    private final LuaRuntime lua;
    private final Map<String, HttpForwarder> forwarders;
    private final Map<String, TcpForwarder> tcpForwarders;
    private final int bufsize;
    private final int index;
    private final Map<String, FrontendConns> conns;
    private final HttpConnections connections;
    private final java.util.Set<io.netty.channel.EventLoop> loops;
    /** How to close each server this instance listens with. */
    private final List<java.util.function.Supplier<Future<Void>>> servers = new ArrayList<>();

    private Listeners(ProxyModel model, LuaRuntime lua, Map<String, HttpForwarder> forwarders,
            Map<String, TcpForwarder> tcpForwarders, int bufsize, int index, Map<String, FrontendConns> conns,
            HttpConnections connections, java.util.Set<io.netty.channel.EventLoop> loops) {
        this.loops = loops;
        this.conns = conns;
        this.connections = connections;
        this.model = model;
        this.lua = lua;
        this.forwarders = forwarders;
        this.tcpForwarders = tcpForwarders;
        this.bufsize = bufsize;
        this.index = index;
    }

    /**
     * A supplier of instances numbered 0, 1, … (the event loop index given to per-thread Lua).
     * {@code bufsize} is {@code tune.bufsize}: the largest request line and header block accepted.
     */
    public static Factory factory(ProxyModel model, LuaRuntime lua,
            Map<String, HttpForwarder> forwarders, Map<String, TcpForwarder> tcpForwarders, int bufsize) {
        return factory(model, lua, forwarders, tcpForwarders, bufsize, new HttpConnections());
    }

    /** Like {@link #factory(ProxyModel, LuaRuntime, Map, Map, int)}, tracking HTTP connections in {@code connections} (reload). */
    public static Factory factory(ProxyModel model, LuaRuntime lua,
            Map<String, HttpForwarder> forwarders, Map<String, TcpForwarder> tcpForwarders, int bufsize,
            HttpConnections connections) {
        Map<String, FrontendConns> conns = new java.util.HashMap<>();
        for (Frontend fe : model.frontends()) {
            conns.put(fe.name(), new FrontendConns(fe.options().maxconn()));
        }
        return new Factory(model, lua, forwarders, tcpForwarders, bufsize, Map.copyOf(conns), connections);
    }

    /**
     * Makes the instances of one generation and records which event loops they run on. Vert.x
     * gives each deployed instance the next event loop of a shared round-robin, which other
     * contexts also advance, so N instances need not land on N different loops; a loop left
     * without a listener of the new generation drops the connections the acceptor hands it once
     * the old generation's listener there closes (Vert.x closes a channel that finds no handler
     * on its loop). {@link #covered()} lets the deployer add instances until every loop has one.
     */
    public static final class Factory implements java.util.function.Supplier<io.vertx.core.Verticle> {
        private final ProxyModel model;
        private final LuaRuntime lua;
        private final Map<String, HttpForwarder> forwarders;
        private final Map<String, TcpForwarder> tcpForwarders;
        private final int bufsize;
        private final Map<String, FrontendConns> conns;
        private final HttpConnections connections;
        private final AtomicInteger n = new AtomicInteger();
        private final java.util.Set<io.netty.channel.EventLoop> loops = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private Factory(ProxyModel model, LuaRuntime lua, Map<String, HttpForwarder> forwarders,
                Map<String, TcpForwarder> tcpForwarders, int bufsize, Map<String, FrontendConns> conns, HttpConnections connections) {
            this.model = model;
            this.lua = lua;
            this.forwarders = forwarders;
            this.tcpForwarders = tcpForwarders;
            this.bufsize = bufsize;
            this.conns = conns;
            this.connections = connections;
        }

        @Override
        public io.vertx.core.Verticle get() {
            return new Listeners(model, lua, forwarders, tcpForwarders, bufsize, n.getAndIncrement(), conns, connections, loops);
        }

        /** How many distinct event loops the started instances run on. */
        public int covered() {
            return loops.size();
        }
    }

    /**
     * The position of this instance's event loop in Vert.x's group: the per-thread Lua state it
     * uses, so that each loop has its own state whichever instance runs there (the instance number
     * when the loop is not found).
     */
    private int threadIndex() {
        io.netty.channel.EventLoop mine = ((io.vertx.core.impl.ContextInternal) context).nettyEventLoop();
        int i = 0;
        for (io.netty.util.concurrent.EventExecutor e : vertx.nettyEventLoopGroup()) {
            if (e == mine) {
                return i;
            }
            i++;
        }
        return index;
    }

    @Override
    public void start(Promise<Void> started) {
        int index = threadIndex();
        List<Future<?>> binds = new ArrayList<>();
        for (Frontend fe : model.frontends()) {
            for (Bind b : fe.binds()) {
                BindAddress a = b.address();
                if (fe.mode() == Mode.HTTP) {
                    HttpServerOptions o = new HttpServerOptions().setHost(a.host()).setPort(a.port())
                            .setTcpNoDelay(true).setReuseAddress(true).setDecompressionSupported(false)
                            .setMaxInitialLineLength(bufsize - MAXREWRITE).setMaxHeaderSize(bufsize - MAXREWRITE);
                    if (fe.timeouts().client() > 0) {
                        o.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, fe.timeouts().client()))
                                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
                    }
                    TlsSetup.configure(o, b);
                    if (fe.timeouts().httpRequest() > 0 && !b.h2c() && !b.tls().enabled()) {
                        // Vert.x's h2c detection delays the connection handler to the first request head,
                        // too late for timeout http-request: HTTP/2 prior knowledge then needs "proto h2"
                        o.setHttp2ClearTextEnabled(false);
                    }
                    io.vertx.core.http.HttpServer server = vertx.createHttpServer(o);
                    servers.add(server::close);
                    HttpFrontendHandler handler = new HttpFrontendHandler(fe, lua, forwarders, index, bufsize, conns.get(fe.name()));
                    boolean guard = handler.guardsConnections();
                    server.connectionHandler(connections.onConnection(conn -> {
                        fe.counters().connection(); // stats conn_tot, scur, stot
                        fe.counters().sessionOpened();
                        if (fe.counters().paused()) { // "disable frontend"
                            conn.close();
                        } else if (!fe.tcpConnectionRules().isEmpty() && !ConnectionRules.accept(fe.tcpConnectionRules(),
                                ConnectionContext.of(StreamBase.inet(conn.remoteAddress()), StreamBase.inet(conn.localAddress()), lua.procVars()))) {
                            conn.close();
                        } else if (guard) {
                            handler.connection(conn);
                        }
                    }, () -> fe.counters().sessionClosed()));
                    binds.add(server
                            .invalidRequestHandler(handler::invalid)
                            .requestHandler(connections.onRequest(handler))
                            .listen());
                } else {
                    NetServerOptions o = new NetServerOptions().setHost(a.host()).setPort(a.port())
                            .setTcpNoDelay(true).setReuseAddress(true);
                    TlsSetup.configure(o, b);
                    io.vertx.core.net.NetServer server = vertx.createNetServer(o);
                    servers.add(server::close);
                    binds.add(server
                            .connectHandler(new TcpFrontendHandler(fe, lua, tcpForwarders, index, conns.get(fe.name())))
                            .listen());
                }
            }
        }
        Future.all(binds).<Void>mapEmpty()
                .onSuccess(v -> loops.add(((io.vertx.core.impl.ContextInternal) context).nettyEventLoop()))
                .onComplete(started);
    }

    /**
     * Closes this instance's servers on its own event loop. Vert.x would otherwise close them
     * from the undeploying thread, and its per-loop handler list (ServerChannelLoadBalancer's
     * WorkerList, not thread-safe in Vert.x 4.5) could then be read by the loop mid-change: a
     * handler index left past the end made every later connection on that loop fail.
     */
    @Override
    public void stop(Promise<Void> stopped) {
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(c -> closing.add(c.get()));
        Future.all(closing).<Void>mapEmpty().onComplete(stopped);
    }
}

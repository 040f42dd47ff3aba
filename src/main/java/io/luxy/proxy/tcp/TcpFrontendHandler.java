package io.luxy.proxy.tcp;

import java.util.Map;

import io.luxy.lua.engine.LoopThreads;
import io.luxy.lua.api.Act;
import io.luxy.lua.bind.LuaActions;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.lua.bind.LuaServices;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.log.LogEntry;
import io.luxy.proxy.rules.ConnectionRules;
import io.luxy.proxy.rules.TcpAction;
import io.luxy.proxy.rules.TcpRule;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * The connection flow of a tcp frontend, in HAProxy's order: frontend {@code maxconn} (a
 * connection beyond it waits, paused, for a slot), {@code tcp-request connection} rules
 * (accept/reject, at accept time), {@code tcp-request content} rules (a Lua service takes the
 * connection over; accept/reject; Lua actions), then the backend: a server reached with retries,
 * redispatch and {@code maxconn} queueing ({@link ServerConnector}), and bytes piped both ways
 * with HAProxy's timeouts ({@link Tunnel}), after the backend's {@code tcp-response content} rules
 * when it has some ({@link ResponseInspection}). Rules that run Lua run on a virtual thread. Each
 * connection ends with one log line (tcplog fields) when the frontend logs.
 */
public final class TcpFrontendHandler implements Handler<NetSocket> {

    private final Frontend frontend;
    private final LuaRuntime lua;
    private final Map<String, TcpForwarder> forwarders;
    private final int threadIndex;
    private final FrontendConns conns;

    /**
     * A handler for connections accepted by event loop number {@code threadIndex}; {@code conns}
     * counts the frontend's connections over every event loop (shared by the generation).
     */
    public TcpFrontendHandler(Frontend frontend, LuaRuntime lua, Map<String, TcpForwarder> forwarders, int threadIndex,
            FrontendConns conns) {
        this.frontend = frontend;
        this.lua = lua;
        this.forwarders = forwarders;
        this.threadIndex = threadIndex;
        this.conns = conns;
    }

    @Override
    public void handle(NetSocket socket) {
        Context ctx = Vertx.currentContext();
        if (frontend.counters().paused()) { // "disable frontend"
            socket.close();
            return;
        }
        HalfClose.allow(socket);
        boolean[] closed = {false};
        socket.closeHandler(v -> closed[0] = true);
        socket.pause();
        if (conns.enter(() -> ctx.runOnContext(v -> {
            if (closed[0]) {
                conns.leave(); // gave up while waiting: the slot passes on
            } else {
                admitted(socket, ctx);
            }
        }))) {
            admitted(socket, ctx);
        }
    }

    /** Gives the stream's frontend slot back, once (socket closed, or its tunnel ended: the tunnel takes the close handler). */
    private void leave(TcpStream s) {
        if (!s.left) {
            s.left = true;
            frontend.counters().sessionClosed();
            conns.leave();
        }
    }

    private void admitted(NetSocket socket, Context ctx) {
        TcpStream s = new TcpStream(socket, threadIndex, lua.procVars());
        frontend.counters().connection(); // stats conn_tot
        LogEntry e = s.log();
        e.acceptDate = System.currentTimeMillis();
        e.frontend = frontend.name();
        e.backend = frontend.name();
        e.feconn = conns.current();
        frontend.counters().sessionOpened(); // stats scur/stot
        socket.closeHandler(v -> leave(s));
        if (!ConnectionRules.accept(frontend.tcpConnectionRules(), s)) {
            e.termState = "PR";
            socket.close();
            return;
        }
        if (frontend.tcpRules().isEmpty()) {
            forward(s, ctx, false);
            return;
        }
        socket.handler(b -> {
            if (HalfClose.isFin(b)) {
                s.clientFin = true;
                s.input().end();
            } else {
                s.input().push(b);
            }
        });
        socket.endHandler(v -> s.input().end());
        socket.exceptionHandler(x -> s.input().fail(x.getMessage()));
        socket.resume();
        if (frontend.needsLua()) {
            LoopThreads.start(() -> process(s, ctx));
        } else {
            process(s, ctx);
        }
    }

    private void process(TcpStream s, Context ctx) {
        for (TcpRule r : frontend.tcpRules()) {
            if (r.condition() != null && !r.condition().test(s)) {
                continue;
            }
            switch (r.action()) {
                case TcpAction.UseService us -> {
                    s.log().server = "<lua." + us.service().name() + ">";
                    LuaServices.runTcp(lua, us.service(), s, threadIndex);
                    return;
                }
                case TcpAction.Reject rej -> {
                    s.log().termState = "PR";
                    ctx.runOnContext(v -> end(s, "PR"));
                    return;
                }
                case TcpAction.Accept acc -> {
                    ctx.runOnContext(v -> forward(s, ctx, true));
                    return;
                }
                case TcpAction.Close c -> {
                    // a tcp-response action only: refused in tcp-request content by the parser
                }
                case TcpAction.Lua la -> {
                    Act.Result res = LuaActions.run(lua, la.action(), s, la.args(), threadIndex);
                    if (res == Act.Result.DENY || res == Act.Result.ABORT || res == Act.Result.ERROR || res == Act.Result.DONE) {
                        ctx.runOnContext(v -> end(s, "PR"));
                        return;
                    }
                }
            }
        }
        ctx.runOnContext(v -> forward(s, ctx, true));
    }

    private void forward(TcpStream s, Context ctx, boolean early) {
        NetSocket socket = s.socket();
        Backend be = frontend.backendFor(s);
        TcpForwarder fw = be == null ? null : forwarders.get(be.name());
        if (fw == null) {
            end(s, "SC");
            return;
        }
        s.log().backend = be.name();
        socket.pause();
        ServerConnector.connect(be, s, ctx, s.log(), fw::connect, r -> {
            if (r.failure() != null) {
                end(s, r.failure().termState());
                return;
            }
            NetSocket server = r.connection();
            if (early) {
                Buffer b = s.input().drainAvailable();
                if (b.length() > 0) {
                    server.write(b);
                }
            }
            if (be.tcpResponse().isEmpty()) {
                tunnel(s, ctx, be, r.server(), server, 0);
                return;
            }
            ResponseInspection[] ri = new ResponseInspection[1];
            ri[0] = ResponseInspection.start(s, socket, server, be.tcpResponse().rules(), lua, threadIndex, ctx,
                    v -> responded(s, ctx, be, r.server(), server, ri[0], v));
        });
    }

    /** Acts on the {@code tcp-response content} verdict (event loop). */
    private void responded(TcpStream s, Context ctx, Backend be, io.luxy.proxy.Server srv, NetSocket server, ResponseInspection ri,
            ResponseInspection.Verdict v) {
        s.responseInput(null);
        NetSocket socket = s.socket();
        if (v == ResponseInspection.Verdict.REJECT || ri.serverFailed) {
            server.close();
            ServerQueue.release(srv);
            leave(s);
            end(s, ri.serverFailed ? "SD" : "PD");
            return;
        }
        Buffer out = ri.channel().drainAvailable();
        if (out.length() > 0) {
            socket.write(out);
        }
        if (v == ResponseInspection.Verdict.CLOSE) {
            server.close();
            ServerQueue.release(srv);
            leave(s);
            s.log().termState = "--";
            socket.end();
            socket.close();
            log(s);
            return;
        }
        Tunnel t = tunnel(s, ctx, be, srv, server, ri.serverBytes);
        if (ri.serverEnded) {
            t.serverEnded();
        }
    }

    /** Pipes the client and server sockets until both ends close, then logs; {@code already}: server bytes read before. */
    private Tunnel tunnel(TcpStream s, Context ctx, Backend be, io.luxy.proxy.Server srv, NetSocket server, long already) {
        long started = System.nanoTime();
        return Tunnel.startTcp(s.socket(), server, ctx, frontend.timeouts().client(), be.timeouts().server(), be.timeouts().tunnel(),
                frontend.timeouts().clientFin(), be.timeouts().serverFin(), s.clientFin, t -> {
            ServerQueue.release(srv);
            leave(s);
            s.log().bytesRead = t.bytesDown + already;
            s.log().bytesUploaded = t.bytesUp;
            s.log().ta = (System.nanoTime() - started) / 1_000_000;
            s.log().termState = t.termState();
            log(s);
        });
    }

    private void end(TcpStream s, String termState) {
        s.log().termState = termState;
        s.socket().close();
        log(s);
    }

    private void log(TcpStream s) {
        io.luxy.runtime.Traffic.tcpEnd(frontend, s.log());
        if (!frontend.log().enabled()) {
            return;
        }
        LogEntry e = s.log();
        if (s.source() != null) {
            e.clientIp = s.source().getAddress().getHostAddress();
            e.clientPort = s.source().getPort();
        }
        e.ta = System.currentTimeMillis() - e.acceptDate;
        frontend.log().log(e);
    }
}

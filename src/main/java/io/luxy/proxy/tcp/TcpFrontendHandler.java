package io.luxy.proxy.tcp;

import io.luxy.lua.api.Act;
import io.luxy.lua.bind.LuaActions;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.lua.bind.LuaServices;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.Server;
import io.luxy.proxy.rules.TcpAction;
import io.luxy.proxy.rules.TcpRule;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * The connection flow of a tcp frontend: {@code tcp-request content} rules (a Lua service takes
 * the connection over; accept/reject; Lua actions), then the backend: a TCP server chosen by
 * {@code balance roundrobin}, with bytes piped both ways. Rules that run Lua run on a virtual thread.
 */
public final class TcpFrontendHandler implements Handler<NetSocket> {

    private final Frontend frontend;
    private final LuaRuntime lua;
    private final NetClient client;
    private final int threadIndex;

    /** A handler for connections accepted by event loop number {@code threadIndex}. */
    public TcpFrontendHandler(Frontend frontend, LuaRuntime lua, NetClient client, int threadIndex) {
        this.frontend = frontend;
        this.lua = lua;
        this.client = client;
        this.threadIndex = threadIndex;
    }

    @Override
    public void handle(NetSocket socket) {
        if (frontend.tcpRules().isEmpty()) {
            forward(socket, null, Vertx.currentContext());
            return;
        }
        TcpStream s = new TcpStream(socket, threadIndex, lua.procVars());
        socket.handler(s.input()::push);
        socket.endHandler(v -> s.input().end());
        socket.exceptionHandler(e -> s.input().fail(e.getMessage()));
        Context ctx = Vertx.currentContext();
        if (frontend.needsLua()) {
            Thread.startVirtualThread(() -> process(s, ctx));
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
                    LuaServices.runTcp(lua, us.service(), s, threadIndex);
                    return;
                }
                case TcpAction.Reject rej -> {
                    s.socket().close();
                    return;
                }
                case TcpAction.Accept acc -> {
                    ctx.runOnContext(v -> forward(s.socket(), s, ctx));
                    return;
                }
                case TcpAction.Lua la -> {
                    Act.Result res = LuaActions.run(lua, la.action(), s, la.args(), threadIndex);
                    if (res == Act.Result.DENY || res == Act.Result.ABORT || res == Act.Result.ERROR || res == Act.Result.DONE) {
                        s.socket().close();
                        return;
                    }
                }
            }
        }
        ctx.runOnContext(v -> forward(s.socket(), s, ctx));
    }

    private void forward(NetSocket socket, TcpStream s, Context ctx) {
        TcpStream st = s != null ? s : new TcpStream(socket, threadIndex, lua.procVars());
        Backend be = frontend.backendFor(st);
        Server srv = be == null ? null : be.select(st);
        if (srv == null) {
            socket.close();
            return;
        }
        socket.pause();
        client.connect(srv.port(), srv.host()).onComplete(ar -> {
            if (ar.failed()) {
                socket.close();
                return;
            }
            NetSocket server = ar.result();
            if (s != null) {
                Buffer early = s.input().drainAvailable();
                if (early.length() > 0) {
                    server.write(early);
                }
            }
            socket.pipeTo(server);
            server.pipeTo(socket);
            socket.resume();
        });
    }
}

package io.luxy.proxy.tcp;

import java.util.List;

import io.luxy.lua.engine.LoopThreads;
import io.luxy.lua.api.Act;
import io.luxy.lua.api.StreamInput;
import io.luxy.lua.bind.LuaActions;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.rules.TcpAction;
import io.luxy.proxy.rules.TcpRule;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.net.NetSocket;

/**
 * A backend's {@code tcp-response content} rules over one tcp stream (HAProxy doc/configuration.txt
 * 4.2 "tcp-response content", doc/lua-api "register_action" with "tcp-res"). As in HAProxy 2.6.12
 * (checked with {@code haproxy -d}), the rules run once, as soon as the server connection is
 * established: the server's bytes gather meanwhile in the response channel ({@code txn.res}, a
 * {@link StreamInput}: Lua may read, rewrite, append or send them, and its reads wait for data
 * as on the request side), the client's bytes keep flowing to the server. Then the verdict: go on
 * (no rule ended the set, or {@code accept}), {@code reject} (or a Lua action's deny, abort, error
 * or {@code txn:done()}), or {@code close}. Rules with Lua run on a virtual thread.
 */
final class ResponseInspection {

    /** What the rules decided. */
    enum Verdict {
        /** Forward what the channel holds, then tunnel. */
        FORWARD,
        /** Close both sides at once; nothing reaches the client. */
        REJECT,
        /** Forward what the channel holds, then close the server connection and the client's. */
        CLOSE
    }

    /** The server's bytes gathered while the rules run, and how their flow ended. */
    private final StreamInput channel;
    /** True once the server half-closed (FIN) or closed during the inspection. */
    boolean serverEnded;
    /** True once the server connection failed during the inspection. */
    boolean serverFailed;
    /** Bytes received from the server during the inspection (HAProxy's %B counts them, not the rewritten ones). */
    long serverBytes;

    private ResponseInspection(NetSocket server) {
        this.channel = new StreamInput(server::pause, server::resume);
    }

    /** The response channel (what the client gets next, after the verdict). */
    StreamInput channel() {
        return channel;
    }

    /**
     * Starts the inspection of {@code server}'s data for stream {@code s} (event loop): takes both
     * sockets' handlers until {@code done} is called on {@code ctx} with the verdict.
     */
    static ResponseInspection start(TcpStream s, NetSocket client, NetSocket server, List<TcpRule> rules, LuaRuntime lua,
            int threadIndex, Context ctx, Handler<Verdict> done) {
        ResponseInspection ri = new ResponseInspection(server);
        s.responseInput(ri.channel);
        boolean serverHalf = HalfClose.allowed(server);
        boolean clientHalf = HalfClose.allowed(client);
        server.handler(b -> {
            if (serverHalf && HalfClose.isFin(b)) {
                ri.serverEnded = true;
                ri.channel.end();
            } else {
                ri.serverBytes += b.length();
                ri.channel.push(b);
            }
        });
        server.endHandler(v -> {
            ri.serverEnded = true;
            ri.channel.end();
        });
        server.exceptionHandler(e -> {
            ri.serverFailed = true;
            ri.channel.fail(String.valueOf(e.getMessage()));
        });
        client.handler(b -> {
            if (clientHalf && HalfClose.isFin(b)) {
                s.clientFin = true;
            } else {
                server.write(b);
            }
        });
        server.resume();
        client.resume();
        Runnable run = () -> {
            Verdict v = evaluate(s, rules, lua, threadIndex);
            ctx.runOnContext(x -> done.handle(v));
        };
        if (rules.stream().anyMatch(r -> r.action() instanceof TcpAction.Lua)) {
            LoopThreads.start(run);
        } else {
            run.run();
        }
        return ri;
    }

    private static Verdict evaluate(TcpStream s, List<TcpRule> rules, LuaRuntime lua, int threadIndex) {
        for (TcpRule r : rules) {
            if (r.condition() != null && !r.condition().test(s)) {
                continue;
            }
            switch (r.action()) {
                case TcpAction.Accept a -> {
                    return Verdict.FORWARD;
                }
                case TcpAction.Reject rej -> {
                    return Verdict.REJECT;
                }
                case TcpAction.Close c -> {
                    return Verdict.CLOSE;
                }
                case TcpAction.Lua la -> {
                    Act.Result res = LuaActions.runAction(lua, la.action(), s, la.args(), threadIndex, true).result();
                    switch (res) {
                        case DENY, ABORT, ERROR, DONE -> {
                            return Verdict.REJECT;
                        }
                        case STOP -> {
                            return Verdict.FORWARD;
                        }
                        default -> {
                        }
                    }
                }
                case TcpAction.UseService us -> {
                    // not a tcp-response action: refused by the parser
                }
            }
        }
        return Verdict.FORWARD;
    }
}

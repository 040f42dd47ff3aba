package io.luxy.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.api.AppletTcp;
import io.luxy.lua.api.CliCommand;
import io.luxy.lua.api.StreamInput;
import io.luxy.lua.api.TcpExchange;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaOutcome;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.lua.engine.LuaScope;
import io.luxy.sample.Vars;
import io.vertx.core.buffer.Buffer;

/**
 * Runs a {@code core.register_cli} command: calls the Lua function as {@code fn(applet, w1, w2, …)}
 * (HAProxy doc/lua-api "core.register_cli") with an AppletTCP whose {@code send} writes to the
 * CLI connection as the function runs, and whose input is already at its end.
 */
final class LuaCli {

    private LuaCli() {
    }

    static void run(LuaRuntime lua, CliCommand c, List<String> args, StringBuilder b, Consumer<String> out) {
        Exchange ex = new Exchange(b, out);
        LuaValue[] vals = new LuaValue[args.size() + 1];
        try (LuaScope scope = LuaScope.open()) {
            vals[0] = AppletTcp.create(ex, lua);
            for (int i = 0; i < args.size(); i++) {
                vals[i + 1] = LuaValue.valueOf(args.get(i));
            }
            Varargs va = LuaValue.varargsOf(vals);
            LuaOutcome o = Invocation.call(c.function(), ExecContext.SERVICE, va);
            LuaReporter.report("Lua cli '" + String.join(".", c.words()) + "'", c.function(), o);
        }
    }

    /** The CLI connection as a Lua applet sees it. */
    private static final class Exchange implements TcpExchange {
        private final StringBuilder pending;
        private final Consumer<String> out;
        private final StreamInput input = StreamInput.complete(Buffer.buffer());
        private final Vars vars = new Vars(new java.util.concurrent.ConcurrentHashMap<>(), new java.util.HashMap<>());

        Exchange(StringBuilder pending, Consumer<String> out) {
            this.pending = pending;
            this.out = out;
        }

        @Override
        public StreamInput input() {
            return input;
        }

        @Override
        public void write(Buffer data) {
            if (pending.length() > 0) {
                out.accept(pending.toString());
                pending.setLength(0);
            }
            out.accept(new String(data.getBytes(), StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
        }

        @Override
        public java.net.InetSocketAddress source() {
            return null;
        }

        @Override
        public java.net.InetSocketAddress destination() {
            return null;
        }

        @Override
        public Vars vars() {
            return vars;
        }
    }
}

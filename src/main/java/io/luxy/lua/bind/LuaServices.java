package io.luxy.lua.bind;

import org.luaj.vm2.LuaTable;

import io.luxy.lua.api.AppletHttp;
import io.luxy.lua.api.AppletTcp;
import io.luxy.lua.api.HttpExchange;
import io.luxy.lua.api.TcpExchange;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.lua.engine.LuaOutcome;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.lua.engine.LuaScope;
import io.luxy.lua.engine.Registrations;

/**
 * Runs {@code core.register_service} functions for {@code use-service lua.NAME}. Must be called
 * on a virtual thread: the service may block. A Lua error, an execution timeout
 * ({@code tune.lua.service-timeout}) or an out-of-memory answers 500 (before the response started)
 * or aborts the connection (after), and is logged once with file:line. The applet object and the
 * sockets the service opened die when it returns.
 */
public final class LuaServices {

    private LuaServices() {
    }

    /** Runs HTTP service {@code entry} for one request; {@code method} and {@code length} describe it. */
    public static void runHttp(LuaRuntime rt, Registrations.Entry entry, HttpExchange ex, String method, long length, int threadIndex) {
        LuaFunctionRef fn = entry.forThread(threadIndex);
        try (LuaScope scope = LuaScope.open()) {
            LuaTable applet = AppletHttp.create(ex, rt, method, length);
            LuaOutcome out = Invocation.call(fn, ExecContext.SERVICE, applet);
            AppletHttp a = AppletHttp.of(applet);
            if (LuaReporter.report("Lua applet http '<lua." + entry.name() + ">'", fn, out)) {
                a.finish();
            } else {
                a.fail();
            }
        }
    }

    /** Runs TCP service {@code entry} for one connection, then closes it. */
    public static void runTcp(LuaRuntime rt, Registrations.Entry entry, TcpExchange ex, int threadIndex) {
        LuaFunctionRef fn = entry.forThread(threadIndex);
        try (LuaScope scope = LuaScope.open()) {
            LuaOutcome out = Invocation.call(fn, ExecContext.SERVICE, AppletTcp.create(ex, rt));
            LuaReporter.report("Lua applet tcp '<lua." + entry.name() + ">'", fn, out);
        }
        ex.close();
    }
}

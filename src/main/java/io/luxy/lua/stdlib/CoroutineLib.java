package io.luxy.lua.stdlib;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.3's {@code coroutine} library (create, resume, yield, status, wrap, running,
 * isyieldable) on {@link Coroutine}s backed by virtual threads, replacing LuaJ's CoroutineLib
 * which starts one platform thread per coroutine. Yields work anywhere inside the body,
 * including across {@code pcall}, metamethods and Java callbacks.
 */
final class CoroutineLib {

    private CoroutineLib() {
    }

    /** Installs {@code coroutine} into {@code g}. */
    static void install(Globals g) {
        LuaTable co = new LuaTable();
        co.set("create", Fn.of("create", a -> new Coroutine(g, a.checkfunction(1))));
        co.set("resume", Fn.of("resume", a -> a.checkthread(1).resume(a.subargs(2))));
        co.set("yield", Fn.of("yield", Coroutine::yield));
        co.set("status", Fn.of("status", a -> LuaValue.valueOf(status(g, a.checkthread(1)))));
        co.set("running", Fn.of("running", a -> {
            Coroutine c = Coroutine.current();
            return c != null ? LuaValue.varargsOf(c, LuaValue.FALSE) : LuaValue.varargsOf(g.running, LuaValue.TRUE);
        }));
        co.set("isyieldable", Fn.of("isyieldable", a -> LuaValue.valueOf(Coroutine.current() != null)));
        co.set("wrap", Fn.of("wrap", a -> {
            Coroutine c = new Coroutine(g, a.checkfunction(1));
            return new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    Varargs r = c.resume(args);
                    if (r.arg1().toboolean()) {
                        return r.subargs(2);
                    }
                    throw new LuaError(r.arg(2));
                }
            };
        }));
        g.set("coroutine", co);
        g.get("package").get("loaded").set("coroutine", co);
    }

    private static String status(Globals g, LuaThread t) {
        if (t instanceof Coroutine c) {
            return c == Coroutine.current() ? "running" : c.getStatus();
        }
        return Coroutine.current() == null ? "running" : "normal"; // the main thread
    }
}

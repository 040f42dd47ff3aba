package io.luxy.lua.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.stdlib.LuaLibraries;

/** Lua states for engine tests: Luxy's libraries, the given limits, compiled by luajc or interpreted. */
final class TestStates {

    private TestStates() {
    }

    /**
     * A state with {@code limits}; its chunks are compiled by luajc when {@code compiled}. The
     * JVM-wide string metatable is pointed at its string library, so that {@code s:rep()} runs
     * Luxy's functions whatever state the JVM created first (LuaEngine shares one frozen copy).
     */
    static LuaState state(Limits limits, boolean compiled) {
        Globals g = new Globals();
        LuaLibraries.DEFAULT.install(g);
        LuaString.s_metatable = LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, g.get("string")});
        LuaState s = new LuaState(0, g);
        s.limits(limits);
        if (compiled) {
            assertTrue(LuaCompiler.install(s));
        }
        return s;
    }

    /** {@code code} loaded as chunk {@code t.lua} of {@code s}, as a registered function named {@code f}. */
    static LuaFunctionRef fn(LuaState s, String code) {
        return new LuaFunctionRef("f", s, s.globals().load(code, "t.lua").checkfunction());
    }

    /** Runs {@code code} in {@code s} in context {@code ctx}. */
    static LuaOutcome run(LuaState s, ExecContext ctx, String code) {
        return Invocation.call(fn(s, code), ctx, LuaValue.NONE);
    }
}

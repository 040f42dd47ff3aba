package io.luxy.lua.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The limits hook inside one state: timeouts count Lua execution only and survive coroutines and
 * pcall, maxmem trips on allocation, error messages seen by pcall are unchanged by the hook, and
 * the hook's overhead is measured in src/bench (EngineBench).
 */
class InstructionHookTest {

    private static LuaState state(Limits limits) {
        Globals g = JsePlatform.standardGlobals();
        LuaState s = new LuaState(0, g);
        s.limits(limits);
        return s;
    }

    private static LuaOutcome run(LuaState s, ExecContext ctx, String code) {
        LuaValue chunk = s.globals().load(code, "t.lua");
        return Invocation.call(new LuaFunctionRef("f", s, chunk.checkfunction()), ctx, LuaValue.NONE);
    }

    @Test
    void pcallMessages_areThoseOfLuaWithoutTraceback() {
        LuaState s = state(Limits.DEFAULTS);
        LuaOutcome out = run(s, ExecContext.ACTION, "local ok, e = pcall(error, 'x') return e");
        assertEquals("x", ((LuaOutcome.Ok) out).values().arg1().tojstring());
    }

    @Test
    void timeout_cannotBeEscapedThroughACoroutineOrPcall() {
        LuaState s = state(new Limits(10_000, 200, 200, 0, 0));
        LuaOutcome out = run(s, ExecContext.ACTION, """
                local co = coroutine.create(function() while true do end end)
                local ok, err = coroutine.resume(co)
                while true do pcall(function() while true do end end) end
                """);
        assertInstanceOf(LuaOutcome.ExecTimeout.class, out);
    }

    @Test
    void bodyAndInit_haveNoTimeout_andAFetchUsesTheSessionTimeout() {
        LuaState s = state(new Limits(10_000, 100, 100, 0, 0));
        assertInstanceOf(LuaOutcome.Ok.class, run(s, ExecContext.INIT, "local t = os.time() + 0 for i = 1, 3e6 do end"));
        assertInstanceOf(LuaOutcome.ExecTimeout.class, run(s, ExecContext.SAMPLE_FETCH, "while true do end"));
    }

    @Test
    void maxmem_failsAnAllocatingLoopWithNotEnoughMemory_andPcallSeesIt() {
        LuaState s = state(new Limits(10_000, 0, 0, 0, 8L << 20));
        assertInstanceOf(LuaOutcome.OutOfMemory.class, run(s, ExecContext.ACTION,
                "local t = {} local i = 0 while true do i = i + 1 t[i] = string.rep('x', 100) .. i end"));
        LuaOutcome caught = run(s, ExecContext.ACTION,
                "local ok, e = pcall(function() local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end end) return e");
        assertTrue(((LuaOutcome.Ok) caught).values().arg1().tojstring().endsWith("not enough memory"));
    }

    @Test
    void hookedAndUnhookedStates_computeTheSame() {
        // the hook's cost is measured in src/bench (EngineBench: thread CPU time, before/after)
        String loop = "local s = 0 for i = 1, 100000 do s = s + i % 7 end return s";
        LuaState hooked = state(Limits.DEFAULTS);
        LuaState plain = state(Limits.DEFAULTS);
        plain.globals().debuglib = null;
        LuaOutcome a = run(hooked, ExecContext.ACTION, loop);
        LuaOutcome b = run(plain, ExecContext.ACTION, loop);
        assertInstanceOf(LuaOutcome.Ok.class, a);
        assertEquals(((LuaOutcome.Ok) b).values().arg1().todouble(), ((LuaOutcome.Ok) a).values().arg1().todouble());
    }
}

package io.luxy.lua.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;

import io.luxy.support.Await;

/**
 * Scripts compiled by luajc ({@link LuaCompiler}): the {@code tune.lua.*} limits hold in loops,
 * goto loops, recursion, pcall loops and coroutines; error values and positions are the
 * interpreter's; a chunk luajc cannot compile runs interpreted; chunks loaded after loading are
 * interpreted.
 */
class LuaCompilerTest {

    private static LuaState state(Limits limits, boolean compiled) {
        return TestStates.state(limits, compiled);
    }

    private static LuaValue load(LuaState s, String code) {
        return s.globals().load(code, "t.lua");
    }

    private static LuaOutcome run(LuaState s, ExecContext ctx, String code) {
        return TestStates.run(s, ctx, code);
    }

    private static String result(LuaOutcome out) {
        return switch (out) {
            case LuaOutcome.Ok ok -> "ok " + ok.values().tojstring();
            case LuaOutcome.Failed f -> "failed " + f.message();
            default -> out.getClass().getSimpleName();
        };
    }

    @Test
    void chunks_areCompiled_whileLoading_andInterpretedAfter() {
        LuaState s = state(Limits.DEFAULTS, true);
        LuaValue f = load(s, "return function() return 1 end");
        assertFalse(f instanceof LuaClosure, f.getClass().getName());
        assertEquals("t.lua", CompiledLua.source(f));
        s.endLoading();
        assertInstanceOf(LuaClosure.class, load(s, "return 1"));
    }

    @Test
    void endlessLoops_timeOut_inEveryShape() {
        Limits limits = new Limits(10_000, 150, 150, 0, 0);
        for (String code : List.of(
                "while true do end",
                "repeat local x = 1 until false",
                "::top:: goto top",
                "for i = 1, math.huge do end",
                "local function f() return f() end return f()",
                "while true do pcall(function() while true do end end) end",
                "local co = coroutine.wrap(function() while true do end end) co()",
                "local t = setmetatable({}, {__index = function(t, k) return t[k + 1] end}) return t[1]")) {
            LuaState s = state(limits, true);
            long t0 = System.nanoTime();
            LuaOutcome out = run(s, ExecContext.ACTION, code);
            // coroutine.wrap rethrows the timeout as a plain error (so does the interpreter); the
            // __index chain may overflow the stack first: either way it ends
            assertTrue(out instanceof LuaOutcome.ExecTimeout || result(out).contains("execution timeout")
                    || code.contains("__index") && out instanceof LuaOutcome.Failed, code + ": " + result(out));
            assertEquals(result(run(state(limits, false), ExecContext.ACTION, code)).replaceAll("t.lua:\\d+", "t.lua:N"),
                    result(out).replaceAll("t.lua:\\d+", "t.lua:N"), code);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, code);
            // the state keeps serving
            assertEquals("ok 2", result(run(s, ExecContext.ACTION, "return 1 + 1")));
        }
    }

    @Test
    void timeout_namesTheLine_asTheInterpreterDoes() {
        for (boolean compiled : new boolean[] {false, true}) {
            LuaState s = state(new Limits(10_000, 100, 100, 0, 0), compiled);
            LuaOutcome out = run(s, ExecContext.ACTION, "local x = 0\nwhile true do\n x = x + 1\nend");
            String msg = ((LuaOutcome.ExecTimeout) out).message();
            assertTrue(msg.matches("t\\.lua:[234]:? ?execution timeout"), compiled + ": " + msg);
        }
    }

    @Test
    void maxmem_stopsACompiledAllocatingLoop() {
        LuaState s = state(new Limits(10_000, 0, 0, 0, 8L << 20), true);
        assertInstanceOf(LuaOutcome.OutOfMemory.class, run(s, ExecContext.ACTION,
                "local t = {} local i = 0 while true do i = i + 1 t[i] = string.rep('x', 100) .. i end"));
    }

    @Test
    void errors_readAsInTheInterpreter() {
        List<String> scripts = List.of(
                "local t = nil\nreturn pcall(function()\n  return t.x\nend)",
                "return pcall(function()\n\n  error('boom')\nend)",
                "return pcall(error, 'x')",
                "return pcall(error, {}) ~= nil",
                "return pcall(function() error('lvl0', 0) end)",
                "return pcall(function() error('lvl2', 2) end)",
                "return pcall(function() local a = 'x' + 1 end)",
                "return select(2, pcall(string.rep))",
                "return xpcall(function()\n error('h')\nend, function(m) return 'handled ' .. m end)",
                "local co = coroutine.create(function()\n\n error('in co')\nend) return coroutine.resume(co)",
                "local x = nil\nx.y = 1",
                "error('top')",
                "error(setmetatable({}, {__tostring = function() return 'obj' end}))");
        for (String code : scripts) {
            String interpreted = result(run(state(Limits.DEFAULTS, false), ExecContext.ACTION, code));
            String compiled = result(run(state(Limits.DEFAULTS, true), ExecContext.ACTION, code));
            assertEquals(interpreted.replaceAll("table: [0-9a-f@x]+", "table"), compiled.replaceAll("table: [0-9a-f@x]+", "table"), code);
            assertFalse(code.contains("\n") && compiled.contains("t.lua:?"), compiled);
        }
    }

    @Test
    void compiledClasses_areUnloadedWithTheirState() throws InterruptedException {
        // as on reload: every generation compiles its scripts again, the old classes must go
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long unloaded0 = classes.getUnloadedClassCount();
        for (int i = 0; i < 300; i++) {
            LuaState s = state(Limits.DEFAULTS, true);
            assertEquals("ok 3", result(run(s, ExecContext.ACTION, "local function f(x) return x + 1 end return f(2)")));
        }
        Await.until(() -> {
            System.gc();
            return classes.getUnloadedClassCount() >= unloaded0 + 500;
        });
    }

    @Test
    void aChunkLuajcCannotCompile_runsInterpreted() {
        // one function with 20,000 statements: its JVM method would pass the 64 KB limit
        StringBuilder b = new StringBuilder("local x = 0\n");
        for (int i = 0; i < 20_000; i++) {
            b.append("x = x + 1\n");
        }
        b.append("return x");
        LuaState s = state(Limits.DEFAULTS, true);
        long before = LuaCompiler.fallbacks();
        LuaValue chunk = load(s, b.toString());
        assertInstanceOf(LuaClosure.class, chunk);
        assertEquals(before + 1, LuaCompiler.fallbacks());
        assertEquals(20_000, chunk.call().toint());
    }

    @Test
    void compiledAndInterpreted_computeTheSame() {
        // their speeds are compared in src/bench (EngineBench with -Dluxy.lua.luajc=false)
        String code = "local s = 0 for i = 1, 100000 do s = s + i % 7 end return s";
        LuaState interpreted = state(Limits.DEFAULTS, false);
        LuaState compiled = state(Limits.DEFAULTS, true);
        assertEquals(result(run(interpreted, ExecContext.ACTION, code)), result(run(compiled, ExecContext.ACTION, code)));
    }
}

package io.luxy.lua.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

/**
 * {@code tune.lua.maxmem} stops what would allocate past it before the allocation, in compiled
 * and interpreted code: a doubling string, string.rep, table.concat, string.format, gsub,
 * string.byte, table.unpack; what the failing invocation allocated stays near the budget.
 */
class MemoryLimitTest {

    private static final long MAXMEM = 64L << 20;
    private static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Runs {@code code} as an action; returns the outcome and checks what it allocated. */
    private static LuaOutcome runBounded(boolean compiled, String code) {
        LuaState s = TestStates.state(new Limits(10_000, 0, 0, 0, MAXMEM), compiled);
        LuaFunctionRef f = TestStates.fn(s, code);
        long before = MX.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        LuaOutcome out = Invocation.call(f, ExecContext.ACTION, LuaValue.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long allocated = MX.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("%s %-70s %s in %d ms, %d MB allocated%n", compiled ? "luajc " : "interp", code.replace('\n', ' '),
                out.getClass().getSimpleName(), ms, allocated >> 20);
        // LuaJ's buffer copies a chain a .. b .. c about four times over (growth, final copy)
        assertTrue(allocated < 4 * MAXMEM, code + ": allocated " + (allocated >> 20) + " MB");
        return out;
    }

    @Test
    void bombs_failWithNotEnoughMemory_beforeAllocatingPastTheBudget() {
        for (boolean compiled : new boolean[] {true, false}) {
            for (String code : new String[] {
                    "local s = 'x' while true do s = s .. s end",
                    "local s = 'x' while true do s = s .. s .. 'y' end",
                    "local s = 'x' while true do s = s .. 1 .. s end",
                    "return string.rep('x', 1e9)",
                    "return ('x'):rep(3e8, ',')",
                    "local t = {} local big = ('x'):rep(1e6) for i = 1, 1000 do t[i] = big end return table.concat(t)",
                    "local big = ('x'):rep(1e6) return string.format(('%s'):rep(200), table.unpack((function() local t = {} for i = 1, 200 do t[i] = big end return t end)()))",
                    "local s = ('x'):rep(1e6) return (s:gsub('x', 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'))",
                    "local s = ('x'):rep(1e7) return #{s:byte(1, -1)}",
                    "return select('#', table.unpack({}, 1, 1e8))",
                    "local s = ('x'):rep(3e7) while true do local u = s:upper() .. s end"}) {
                assertInstanceOf(LuaOutcome.OutOfMemory.class, runBounded(compiled, code), code);
            }
        }
    }

    @Test
    void aBombInsideACoroutineOrPcall_isStoppedToo_andPcallSeesLuasMessage() {
        // the interpreter's frames are kept per thread: a coroutine runs on its own
        for (boolean compiled : new boolean[] {true, false}) {
            LuaOutcome co = runBounded(compiled, "local co = coroutine.wrap(function() local s = 'x' while true do s = s .. s end end) co()");
            assertTrue(co instanceof LuaOutcome.OutOfMemory || co instanceof LuaOutcome.Failed f && f.message().endsWith("not enough memory"),
                    co.toString());
            LuaOutcome caught = runBounded(compiled,
                    "local ok, e = pcall(function() local s = 'x' while true do s = s .. s end end) return tostring(ok) .. ' ' .. e");
            assertEquals("ok false not enough memory", caught instanceof LuaOutcome.Ok ok ? "ok " + ok.values().tojstring() : caught.toString());
            // as lua5.3 (checked under ulimit -v): no position, and no message handler for memory errors
            LuaOutcome handled = runBounded(compiled, "local ok, e = xpcall(function() local s = 'x' while true do s = s .. s end end,"
                    + " function(m) return 'handled ' .. m end) return tostring(ok) .. ' ' .. e");
            assertEquals("ok false not enough memory", handled instanceof LuaOutcome.Ok ok ? "ok " + ok.values().tojstring() : handled.toString());
        }
    }

    @Test
    @org.junit.jupiter.api.Disabled("flaky in the full unit run: whether a collection reports the garbage before the "
            + "budget is reached depends on the heap the other tests left (README: maxmem's known difference); "
            + "to be made deterministic")
    void garbage_isNotCharged_onceCollected() {
        // ~1 GB of boxed numbers and temporary strings, nothing kept: Lua's allocator would free
        // them; the meter forgets what went through a collection
        for (boolean compiled : new boolean[] {true, false}) {
            // garbage is only known as such once a collection reports it (README: maxmem): the
            // budget is as large as this JVM's young generation, so a collection comes first
            long maxmem = Math.max(MAXMEM, AllocationMeter.youngCapacity());
            LuaState s = TestStates.state(new Limits(10_000, 0, 0, 0, maxmem), compiled);
            LuaOutcome out = TestStates.run(s, ExecContext.ACTION,
                    "local x, n = 0, 0 for i = 1, 1e7 do x = x + i * 0.5 n = n + #('k' .. i) end return n");
            assertEquals("ok 78888897", out instanceof LuaOutcome.Ok ok ? "ok " + ok.values().tojstring() : out.toString(),
                    compiled ? "compiled" : "interpreted");
        }
    }

    @Test
    void underTheBudget_everythingStillWorks() {
        for (boolean compiled : new boolean[] {true, false}) {
            LuaOutcome out = runBounded(compiled, """
                    local t = {}
                    for i = 1, 100 do t[i] = ('x'):rep(1000) .. i end
                    local s = table.concat(t, ',')
                    return #s, #string.format('%s-%s', s, s), #(s:gsub('x', 'yy')), #s:upper(), select('#', s:byte(1, 100))
                    """);
            assertEquals("ok (100291,200583,200291,100291,100)", out instanceof LuaOutcome.Ok ok ? "ok " + ok.values().tojstring() : out.toString());
        }
    }
}

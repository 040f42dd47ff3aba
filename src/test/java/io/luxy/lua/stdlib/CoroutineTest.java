package io.luxy.lua.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.support.Await;

/**
 * Coroutines run on virtual threads: semantics as Lua 5.3 (generators, wrap, yields across
 * pcall, status, errors), 10,000 of them cost no platform threads, and abandoned ones are
 * collected with their threads.
 */
class CoroutineTest {

    @TempDir
    Path dir;

    private String run(String code) throws Exception {
        return LuaRunner.luxy(dir, code, LuaLibraries.DEFAULT);
    }

    @Test
    void generatorYieldsValuesInOrder() throws Exception {
        assertEquals("1 4 9 16 25\n", run("""
                local function squares(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i * i) end end) end
                local t = {} for v in squares(5) do t[#t + 1] = v end print(table.concat(t, ' '))"""));
    }

    @Test
    void yieldCrossesPcallAndErrorsInsideAreCaughtThere() throws Exception {
        assertEquals("true\tstep\ntrue\tfalse\tsnippet.lua:2: after X\nsuspended\n", run("""
                local co = coroutine.create(function() local ok, e = pcall(function()
                  local v = coroutine.yield('step') error('after ' .. v) end) coroutine.yield(ok, e) end)
                print(coroutine.resume(co)) print(coroutine.resume(co, 'X')) print(coroutine.status(co))"""));
    }

    @Test
    void statusFollowsTheLifecycle() throws Exception {
        assertEquals("suspended\nrunning\tnormal\nsuspended\ndead\tfalse\tcannot resume dead coroutine\n", run("""
                local main = coroutine.running()
                local co co = coroutine.create(function() print(coroutine.status(co), coroutine.status(main)) coroutine.yield() end)
                print(coroutine.status(co)) coroutine.resume(co) print(coroutine.status(co)) coroutine.resume(co)
                print(coroutine.status(co), coroutine.resume(co))"""));
    }

    @Test
    void errorInWrapPropagatesToTheCaller() throws Exception {
        assertEquals("false\tsnippet.lua:1: oops\n", run("""
                local f = coroutine.wrap(function() error('oops') end)
                print(pcall(f))"""));
    }

    @Test
    void yieldOutsideACoroutineIsAnError() throws Exception {
        assertEquals("false\tattempt to yield from outside a coroutine\n", run("print(pcall(coroutine.yield))"));
    }

    @Test
    void tenThousandCoroutinesUseNoPlatformThreads() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        mx.resetPeakThreadCount();
        int before = mx.getThreadCount();
        String out = run("""
                local kept, n = {}, 0
                for i = 1, 10000 do
                  local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b end)
                  local _, v = coroutine.resume(co, i) n = n + v
                  if i % 2 == 0 then coroutine.resume(co, 0) else kept[#kept + 1] = co end
                end
                print(n, #kept)""");
        assertEquals("50015000\t5000\n", out);
        assertTrue(mx.getPeakThreadCount() - before < 50,
                "platform threads grew from " + before + " to a peak of " + mx.getPeakThreadCount());
    }

    @Test
    void abandonedCoroutinesAreCollectedWithTheirThreads() throws Exception {
        int before = Coroutine.LIVE.get();
        run("""
                for i = 1, 2000 do
                  local co = coroutine.wrap(function() while true do coroutine.yield(i) end end)
                  co()
                end""");
        // no "alive before GC" precondition: nothing references them, so a GC may already have run
        Await.until(() -> {
            System.gc();
            return Coroutine.LIVE.get() <= before + 10;
        });
    }
}

package io.luxy.lua.engine;

import static io.luxy.lua.engine.TestStates.fn;
import static io.luxy.lua.engine.TestStates.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

/**
 * Several endless loops in one shared state, beside quick calls: each loop ends about one
 * timeout after it first ran, not one timeout per loop sharing the state (a forced yield keeps
 * the clock running), in compiled and interpreted code; and a forced yield does not reset the
 * maxmem count of an invocation that keeps what it allocates.
 */
class SharedStateTimeoutTest {

    private static final long TIMEOUT_MS = 150;
    private static final int LOOPS = 8;

    @Test
    void loopsSharingAState_endAboutOneTimeoutAfterTheyStarted() throws Exception {
        for (boolean compiled : new boolean[] {true, false}) {
            for (String loop : List.of("while true do end", "for i = 1, 1e18 do end", "repeat until false")) {
                LuaState s = state(new Limits(10_000, TIMEOUT_MS, TIMEOUT_MS, 0, 0), compiled);
                LuaFunctionRef looping = fn(s, loop);
                LuaFunctionRef quick = fn(s, "local x = 0 for i = 1, 100 do x = x + i end return x");
                AtomicBoolean done = new AtomicBoolean();
                AtomicLong quickCalls = new AtomicLong();
                Thread neighbour = Thread.ofPlatform().start(() -> {
                    while (!done.get()) {
                        assertInstanceOf(LuaOutcome.Ok.class, Invocation.call(quick, ExecContext.ACTION, LuaValue.NONE));
                        quickCalls.incrementAndGet();
                    }
                });
                List<Thread> threads = new ArrayList<>();
                long[] wallMs = new long[LOOPS];
                LuaOutcome[] outcomes = new LuaOutcome[LOOPS];
                for (int i = 0; i < LOOPS; i++) {
                    int n = i;
                    threads.add(Thread.ofPlatform().start(() -> {
                        long t0 = System.nanoTime();
                        outcomes[n] = Invocation.call(looping, ExecContext.ACTION, LuaValue.NONE);
                        wallMs[n] = (System.nanoTime() - t0) / 1_000_000;
                    }));
                }
                for (Thread t : threads) {
                    t.join(30_000);
                }
                done.set(true);
                neighbour.join(10_000);
                long max = 0;
                for (int i = 0; i < LOOPS; i++) {
                    assertInstanceOf(LuaOutcome.ExecTimeout.class, outcomes[i], loop);
                    max = Math.max(max, wallMs[i]);
                }
                System.out.printf("%s %-24s %d loops, timeout %d ms: slowest ended after %d ms; %d quick calls meanwhile%n",
                        compiled ? "luajc " : "interp", loop, LOOPS, TIMEOUT_MS, max, quickCalls.get());
                // counting only the time each loop held the state, the last would end after
                // LOOPS x TIMEOUT_MS = 1.2 s; the bound leaves room for a loaded machine
                assertTrue(max < 5 * TIMEOUT_MS, loop + ": slowest loop ended after " + max + " ms");
                assertTrue(quickCalls.get() > 0, "the neighbour was served");
            }
        }
    }

    @Test
    void forcedYields_doNotResetTheMemoryCount() throws Exception {
        for (boolean compiled : new boolean[] {true, false}) {
            LuaState s = state(new Limits(500, 0, 0, 0, 16L << 20), compiled);
            LuaFunctionRef grow = fn(s, "local t, i = {}, 0 while true do i = i + 1 t[i] = ('x'):rep(100) .. i end");
            LuaFunctionRef quick = fn(s, "return 1");
            AtomicBoolean done = new AtomicBoolean();
            Thread neighbour = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    Invocation.call(quick, ExecContext.ACTION, LuaValue.NONE);
                }
            });
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            LuaOutcome out = Invocation.call(grow, ExecContext.ACTION, LuaValue.NONE);
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            done.set(true);
            neighbour.join(10_000);
            assertEquals(LuaOutcome.OutOfMemory.class, out.getClass(), compiled ? "compiled" : "interpreted");
            // stopped by maxmem, not by the heap: 16 MB kept, found at the first collection
            // after (the young generation's worth of allocations may pass before it runs)
            long bound = (16L << 20) + 2 * AllocationMeter.youngCapacity() + (64L << 20);
            assertTrue(allocated < bound, "allocated " + (allocated >> 20) + " MB, bound " + (bound >> 20) + " MB");
        }
    }
}

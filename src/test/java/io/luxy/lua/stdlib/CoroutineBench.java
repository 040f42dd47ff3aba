package io.luxy.lua.stdlib;

import java.lang.management.ManagementFactory;

import org.luaj.vm2.Globals;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Not a test: {@code java ... io.luxy.lua.stdlib.CoroutineBench} prints the cost of 10,000
 * coroutines created and resumed to completion, 100,000 resume/yield switches and 10,000 left
 * suspended, with LuaJ's coroutine library and with Luxy's (virtual threads). Best of 5.
 */
public final class CoroutineBench {

    private static final String CREATE = "for i = 1, 10000 do local co = coroutine.create(function(a) return a end) coroutine.resume(co, i) end";
    private static final String SWITCH = "local co = coroutine.wrap(function() while true do coroutine.yield(1) end end) for i = 1, 100000 do co() end";
    private static final String SUSPEND = "local t = {} for i = 1, 10000 do local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) t[i] = co end";

    private CoroutineBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.ofVirtual().start(CoroutineBench::run).join(); // Luxy runs Lua on virtual threads
        System.exit(0);
    }

    private static void run() {
        for (String[] c : new String[][] {{"create+resume 10k", CREATE}, {"100k switches", SWITCH}, {"10k suspended", SUSPEND}}) {
            for (boolean luxy : new boolean[] {false, true}) {
                if (!luxy && c[1] == SUSPEND) {
                    System.out.println(c[0] + " LuaJ: skipped (leaves 10,000 platform threads that keep the JVM alive)");
                    continue;
                }
                long best = Long.MAX_VALUE;
                int peak = 0;
                for (int i = 0; i < 5; i++) {
                    Globals g;
                    if (luxy) {
                        g = new Globals();
                        LuaLibraries.DEFAULT.install(g);
                    } else {
                        g = JsePlatform.standardGlobals();
                    }
                    ManagementFactory.getThreadMXBean().resetPeakThreadCount();
                    long t0 = System.nanoTime();
                    g.load(c[1]).call();
                    best = Math.min(best, System.nanoTime() - t0);
                    peak = Math.max(peak, ManagementFactory.getThreadMXBean().getPeakThreadCount());
                }
                System.out.printf("%s %s: %.1f ms, peak platform threads %d%n", c[0], luxy ? "Luxy" : "LuaJ", best / 1e6, peak);
            }
        }
    }
}

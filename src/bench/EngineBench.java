import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.Limits;
import io.luxy.lua.engine.LuaEngine;
import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.lua.engine.LuaOutcome;
import io.luxy.lua.engine.LuaState;

/**
 * Thread CPU time of Lua functions on Luxy's engine, without the proxy: loads a script into a
 * shared state (luajc unless {@code -Dluxy.lua.luajc=false}) with {@code tune.lua.maxmem} = arg 0
 * (MB, 0 = none), then runs each of its global functions {@code heavy}, {@code fib}, {@code loop},
 * {@code concat} {@code -Dn=60} times and prints the best time of each, in ms. For before/after
 * comparisons of the limits hook on a shared machine (CPU time, not wall time):
 * <pre>
 * Q=target/quarkus-app; java -Dn=200 -XX:+UseSerialGC -Xmx256m -Xmn48m --add-opens java.base/java.lang=ALL-UNNAMED \
 *     -cp "$Q/app/*:$Q/lib/main/*:$Q/lib/boot/*" src/bench/EngineBench.java 0 src/bench/cfg/engine.lua
 * </pre>
 */
public class EngineBench {
    public static void main(String[] a) throws Exception {
        long maxmem = Long.parseLong(a[0]) << 20;
        Path lua = Path.of(a[1]);
        LuaEngine e = LuaEngine.load(List.of(new LuaEngine.Script(lua, "bench.lua", false, List.of())), List.of(), 1,
                (state, regs) -> state.limits(new Limits(10_000, 0, 0, 0, maxmem)), (s, m) -> { throw new RuntimeException(m); });
        LuaState st = e.shared();
        var mx = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder();
        for (String f : List.of("heavy", "fib", "loop", "concat")) {
            LuaFunctionRef ref = new LuaFunctionRef(f, st, (LuaFunction) st.globals().get(f));
            long best = Long.MAX_VALUE;
            for (int i = 0; i < Integer.getInteger("n", 60); i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                LuaOutcome o = Invocation.call(ref, ExecContext.ACTION, LuaValue.NONE);
                long t = mx.getCurrentThreadCpuTime() - t0;
                if (!(o instanceof LuaOutcome.Ok)) throw new IllegalStateException(f + " " + o);
                best = Math.min(best, t);
            }
            out.append(String.format("%s=%.2f ", f, best / 1e6));
        }
        System.out.println(out);
    }
}

package io.luxy.lua.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;
import org.luaj.vm2.LuaClosure;

/**
 * Turns failed outcomes into HAProxy's log sentences, once per failure (HAProxy 2.6 src/hlua.c:
 * {@code "Lua function '%s': [state-id %d] runtime error: %s"} (also for "execution timeout", as
 * 2.6.12 prints it), {@code "…: out of memory error."}, {@code "…: yield not allowed."}), and counts them per script,
 * function and kind: the counters behind {@code luxy_lua_errors_total{script,function,kind}}.
 */
public final class LuaReporter {

    /** The {@code kind} label of an error counter. */
    public enum Kind {
        RUNTIME_ERROR, EXECUTION_TIMEOUT, OUT_OF_MEMORY, YIELD_NOT_ALLOWED;

        /** The label value, e.g. {@code execution_timeout}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One counter's labels: the script file, the registered function name and the kind. */
    public record ErrorKey(String script, String function, Kind kind) implements Comparable<ErrorKey> {
        @Override
        public int compareTo(ErrorKey o) {
            int c = script.compareTo(o.script);
            if (c == 0) {
                c = function.compareTo(o.function);
            }
            return c != 0 ? c : kind.compareTo(o.kind);
        }
    }

    private static final Logger LOG = Logger.getLogger("luxy.lua");
    private static final Map<ErrorKey, LongAdder> ERRORS = new ConcurrentHashMap<>();
    private static volatile java.util.function.BiConsumer<ErrorKey, LongAdder> onNewCounter;

    /**
     * Calls {@code publish} for every error counter, now and when a new (script, function, kind)
     * first fails: how {@code luxy_lua_errors_total} reaches the metrics registry.
     */
    public static synchronized void publishCounters(java.util.function.BiConsumer<ErrorKey, LongAdder> publish) {
        onNewCounter = publish;
        ERRORS.forEach(publish);
    }

    private static LongAdder newCounter(ErrorKey key) {
        LongAdder a = new LongAdder();
        java.util.function.BiConsumer<ErrorKey, LongAdder> p = onNewCounter;
        if (p != null) {
            p.accept(key, a);
        }
        return a;
    }

    private LuaReporter() {
    }

    /**
     * Logs {@code outcome} when it is not Ok and counts it for {@code fn}'s script and name.
     * {@code what} is HAProxy's prefix, e.g. {@code "Lua function 'verify_request'"},
     * {@code "Lua applet http 'lua.checktcp'"} or {@code "Lua task"}. Returns true when Ok.
     */
    public static boolean report(String what, LuaFunctionRef fn, LuaOutcome outcome) {
        return report(what, fn.state().id(), scriptOf(fn), fn.name(), outcome);
    }

    /** As {@link #report(String, LuaFunctionRef, LuaOutcome)} when only the state is known. */
    public static boolean report(String what, int stateId, LuaOutcome outcome) {
        return report(what, stateId, "?", what, outcome);
    }

    private static boolean report(String what, int stateId, String script, String function, LuaOutcome outcome) {
        Kind kind;
        switch (outcome) {
            case LuaOutcome.Ok ok -> {
                return true;
            }
            case LuaOutcome.Failed f -> {
                LOG.errorf("%s: [state-id %d] runtime error: %s.", what, stateId, f.message());
                kind = Kind.RUNTIME_ERROR;
            }
            case LuaOutcome.YieldNotAllowed y -> {
                LOG.errorf("%s: yield not allowed.", what);
                kind = Kind.YIELD_NOT_ALLOWED;
            }
            case LuaOutcome.ExecTimeout t -> {
                // HAProxy 2.6.12 logs the hook's error as a runtime error, e.g. "Lua function 'loop':
                // [state-id 0] runtime error: execution timeout from loop.lua:1: in function line 1."
                LOG.errorf("%s: [state-id %d] runtime error: execution timeout%s.", what, stateId, where(t.message()));
                kind = Kind.EXECUTION_TIMEOUT;
            }
            case LuaOutcome.OutOfMemory m -> {
                LOG.errorf("%s: out of memory error.", what);
                kind = Kind.OUT_OF_MEMORY;
            }
        }
        ERRORS.computeIfAbsent(new ErrorKey(script, function, kind), LuaReporter::newCounter).increment();
        return false;
    }

    /**
     * " from file:line" out of the timeout's message, or "". The interpreter's LuaError gives
     * "file:line execution timeout" (LuaJ joins position and message with a space), compiled
     * chunks "file:line: execution timeout"; HAProxy follows the position with its traceback
     * ("from loop.lua:1: in function line 1"), whose frame names LuaJ does not keep.
     */
    static String where(String message) {
        if (message == null) {
            return "";
        }
        int i = message.lastIndexOf(LuaLimitError.Kind.TIMEOUT.message());
        if (i <= 0) {
            return "";
        }
        String pos = message.substring(0, i).strip();
        if (pos.endsWith(":")) {
            pos = pos.substring(0, pos.length() - 1);
        }
        return pos.isEmpty() ? "" : " from " + pos;
    }

    /** The script a function was loaded from (its chunk name, as given to {@code lua-load}). */
    static String scriptOf(LuaFunctionRef fn) {
        if (fn.function() instanceof LuaClosure c) {
            return c.p.source != null ? c.p.source.tojstring() : "?";
        }
        String compiled = CompiledLua.source(fn.function());
        return compiled != null ? compiled : "?";
    }

    /** Failures reported since start (all generations, all kinds). */
    public static long errors() {
        long n = 0;
        for (LongAdder a : ERRORS.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Failures counted for one script, function and kind. */
    public static long errors(String script, String function, Kind kind) {
        LongAdder a = ERRORS.get(new ErrorKey(script, function, kind));
        return a == null ? 0 : a.sum();
    }

    /** A sorted snapshot of every counter (for the metrics endpoint). */
    public static Map<ErrorKey, Long> errorCounts() {
        Map<ErrorKey, Long> out = new TreeMap<>();
        ERRORS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

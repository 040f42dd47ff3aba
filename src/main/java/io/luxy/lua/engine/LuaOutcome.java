package io.luxy.lua.engine;

import org.luaj.vm2.Varargs;

/**
 * The result of one invocation, after HAProxy's {@code enum hlua_exec}: it returned values, or
 * it failed (runtime error, yield where yielding is not allowed, execution timeout, out of
 * memory).
 */
public sealed interface LuaOutcome {

    /** The function returned (or ended through {@code core.done(v)}); {@code values} may be NONE. */
    record Ok(Varargs values) implements LuaOutcome {
    }

    /** A Lua runtime error; {@code message} carries {@code file:line: text} as LuaJ gives it. */
    record Failed(String message) implements LuaOutcome {
    }

    /** A blocking function was called where HAProxy cannot yield (sample fetch, converter). */
    record YieldNotAllowed() implements LuaOutcome {
    }

    /**
     * The invocation ran longer than its tune.lua.*-timeout; {@code message} is the Lua error
     * ({@code file:line: execution timeout}).
     */
    record ExecTimeout(String message) implements LuaOutcome {
    }

    /** The invocation allocated more than tune.lua.maxmem (or the JVM heap ran out). */
    record OutOfMemory() implements LuaOutcome {
    }

    /** True for {@link Ok}. */
    default boolean ok() {
        return this instanceof Ok;
    }
}

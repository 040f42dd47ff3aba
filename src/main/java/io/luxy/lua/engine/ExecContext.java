package io.luxy.lua.engine;

/**
 * Where Lua code runs, after HAProxy doc/lua-api "context" lines. Decides whether a blocking
 * call (socket I/O, sleep) may yield and which timeout applies.
 */
public enum ExecContext {
    BODY(false), INIT(false), TASK(true), ACTION(true), SAMPLE_FETCH(false), CONVERTER(false), SERVICE(true);

    private final boolean mayYield;

    ExecContext(boolean mayYield) {
        this.mayYield = mayYield;
    }

    /** True when blocking functions may wait here (HAProxy: the coroutine may yield). */
    public boolean mayYield() {
        return mayYield;
    }
}

package io.luxy.lua.engine;

import org.luaj.vm2.LuaError;

/**
 * The Lua error raised in a script that exceeded a {@code tune.lua.*} limit, with HAProxy 2.6's
 * messages: "execution timeout" (raised by {@code hlua_hook}) and "not enough memory" (Lua's
 * allocation failure under {@code tune.lua.maxmem}). As in HAProxy 2.6.12 (checked here), it is
 * an ordinary Lua error that {@code pcall} can catch; a timed-out invocation gets it again at
 * every later check, so a loop cannot outlive its timeout. "not enough memory" reaches
 * {@code pcall} as Lua 5.3's {@code LUA_ERRMEM} does: without a position, and without calling an
 * {@code xpcall} message handler. Created without a stack trace.
 */
public final class LuaLimitError extends LuaError {

    /** Which limit was exceeded. */
    public enum Kind {
        /** {@code tune.lua.*-timeout}. */
        TIMEOUT("execution timeout"),
        /** {@code tune.lua.maxmem}. */
        MEMORY("not enough memory");

        private final String message;

        Kind(String message) {
            this.message = message;
        }

        /** The Lua error message. */
        public String message() {
            return message;
        }
    }

    private final Kind kind;

    LuaLimitError(Kind kind) {
        super(kind.message);
        this.kind = kind;
        if (kind == Kind.MEMORY) {
            // as Lua's allocation failure: no "file:line" position, no xpcall message handler
            traceback = kind.message;
        }
    }

    /** The limit that was exceeded. */
    public Kind kind() {
        return kind;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

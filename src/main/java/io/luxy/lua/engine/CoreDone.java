package io.luxy.lua.engine;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Thrown by {@code core.done([v])}: a multi-level return implemented as a Lua error, so that
 * {@code pcall} catches it as in HAProxy 2.6 (HAPROXY-LUA-API.md 3.13).
 */
public final class CoreDone extends LuaError {

    private final transient Varargs value;

    public CoreDone(Varargs value) {
        super("done");
        this.value = value == null ? LuaValue.NONE : value;
    }

    /** The values given to core.done, returned to the caller of the invocation. */
    public Varargs value() {
        return value;
    }
}

package io.luxy.lua.engine;

import org.luaj.vm2.LuaError;

/** Raised when a blocking function runs in a context that cannot yield (HAProxy: "yield not allowed"). */
public final class YieldNotAllowed extends LuaError {
    public YieldNotAllowed() {
        super("yield not allowed");
    }
}

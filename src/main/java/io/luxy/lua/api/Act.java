package io.luxy.lua.api;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The global {@code act} table: action return codes (HAProxy include/haproxy/hlua-t.h,
 * doc/lua-api "Action class"): CONTINUE=0, STOP=1, YIELD=2, ERROR=3, DONE=4, DENY=5, ABORT=6, INVALID=7.
 */
public final class Act {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Act";

    /** Return codes in HAProxy's order. */
    public enum Result { CONTINUE, STOP, YIELD, ERROR, DONE, DENY, ABORT, INVALID }

    private Act() {
    }

    /** Builds the {@code act} table. */
    public static LuaTable table() {
        LuaTable t = new LuaTable();
        for (Result r : Result.values()) {
            t.rawset(r.name(), LuaValue.valueOf(r.ordinal()));
        }
        t.rawset("wake_time", io.luxy.lua.engine.LuaClassBuilder.function("act.wake_time", a -> LuaValue.NONE));
        return t;
    }

    /**
     * The action result for a returned Lua value, as HAProxy reads it with {@code lua_tointeger}:
     * none, a non-number or an unknown number mean CONTINUE.
     */
    public static Result of(LuaValue v) {
        if (v.isnumber()) {
            int i = v.toint();
            if (i >= 0 && i < Result.values().length) {
                return Result.values()[i];
            }
        }
        return Result.CONTINUE;
    }
}

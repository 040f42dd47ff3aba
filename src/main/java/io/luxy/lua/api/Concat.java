package io.luxy.lua.api;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;

/** HAProxy doc/lua-api "Concat class": a string builder ({@code core.concat()}, {@code add}, {@code dump}). */
public final class Concat {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Concat";

    private static final LuaTable META = new LuaClassBuilder(LUA_CLASS)
            .method("add", a -> {
                LuaObject.check(a, 1, Concat.class, "add").buf.append(LuaStrings.java(a.checkstring(2)));
                return LuaValue.NONE;
            })
            .method("dump", a -> LuaStrings.of(LuaObject.check(a, 1, Concat.class, "dump").buf.toString()))
            .build();

    private final StringBuilder buf = new StringBuilder();

    private Concat() {
    }

    /** A new empty Concat object. */
    static LuaTable create() {
        return LuaObject.wrap(new Concat(), META);
    }
}

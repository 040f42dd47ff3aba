package io.luxy.lua.engine;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Builds the shared metatable of one HAProxy Lua class: {@code __index} holds the exported
 * methods in registration order, {@code __tostring} returns the class name (HAProxy's objects
 * print their type). Explicit export tables, no reflection (STYLE.md rule 3).
 */
public final class LuaClassBuilder {

    private final String luaClass;
    private final LuaTable methods = new LuaTable();
    private final LuaTable meta = new LuaTable();

    public LuaClassBuilder(String luaClass) {
        this.luaClass = luaClass;
    }

    /** Exports {@code name} as a method (or plain function) of the class. */
    public LuaClassBuilder method(String name, LuaMethod m) {
        methods.rawset(name, function(luaClass + "." + name, m));
        return this;
    }

    /** Wraps a Java lambda as a LuaJ function with a readable name. */
    public static LuaValue function(String name, LuaMethod m) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return m.call(args);
            }

            @Override
            public String tojstring() {
                return "function: " + name;
            }
        };
    }

    /** The finished metatable, shared by every object of the class. */
    public LuaTable build() {
        meta.rawset("__index", methods);
        String name = luaClass;
        meta.rawset("__tostring", function(luaClass + ".__tostring", a -> LuaValue.valueOf(name)));
        meta.rawset("__metatable", LuaValue.valueOf(luaClass));
        return meta;
    }

    /** The class name as HAProxy spells it. */
    public String luaClass() {
        return luaClass;
    }
}

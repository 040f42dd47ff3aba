package io.luxy.lua.engine;

import org.luaj.vm2.Varargs;

/** The Java side of one exported Lua function: receives all arguments (self first for methods). */
@FunctionalInterface
public interface LuaMethod {
    Varargs call(Varargs args);
}

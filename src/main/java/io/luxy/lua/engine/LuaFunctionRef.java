package io.luxy.lua.engine;

import org.luaj.vm2.LuaFunction;

/** A Lua function registered by a script, with the state it belongs to and the name it was registered as. */
public record LuaFunctionRef(String name, LuaState state, LuaFunction function) {
}

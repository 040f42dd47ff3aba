package io.luxy.lua.api;

import java.util.List;

import io.luxy.lua.engine.LuaFunctionRef;

/**
 * One {@code core.register_cli(path, usage, fn)} registration (HAProxy doc/lua-api): the
 * command words (1..5), the help line and the handler, called as {@code fn(applet, w1, w2, …)}
 * with an AppletTCP for I/O. Kept by the generation's Lua runtime for the runtime API.
 */
public record CliCommand(List<String> words, String usage, LuaFunctionRef function) {
}

package io.luxy.lua.api;

import org.luaj.vm2.LuaValue;

import io.luxy.sample.Vars;

/**
 * What TXN, AppletHTTP and AppletTCP share: HAProxy variables and the Lua private value
 * ({@code get_priv}/{@code set_priv}).
 */
interface LuaStream {

    /** The variables of the stream. */
    Vars vars();

    /** The private Lua value (nil when never set). */
    LuaValue priv();

    /** Replaces the private Lua value. */
    void priv(LuaValue v);
}

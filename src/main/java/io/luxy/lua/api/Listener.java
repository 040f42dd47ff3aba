package io.luxy.lua.api;

import org.luaj.vm2.LuaTable;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.proxy.Bind;

/**
 * HAProxy doc/lua-api "Listener class" ({@code px.listeners[name]}): one bound address of a
 * frontend, named {@code sock-N} as HAProxy names listeners without a {@code name} option.
 * Only {@code get_stats} exists.
 */
public final class Listener {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Listener";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("get_stats", a -> {
            Listener l = LuaObject.check(a, 1, Listener.class, "get_stats");
            return ProxyStats.listener(l.proxy, l.bind, l.number);
        });
        META = b.build();
    }

    private final Proxy proxy;
    private final Bind bind;
    private final int number;

    private Listener(Proxy proxy, Bind bind, int number) {
        this.proxy = proxy;
        this.bind = bind;
        this.number = number;
    }

    /** The Lua object for listener {@code number} (1-based) of {@code proxy}. */
    static LuaTable create(Proxy proxy, Bind bind, int number) {
        return LuaObject.wrap(new Listener(proxy, bind, number), META);
    }
}

package io.luxy.lua.api;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.sample.Vars;

/**
 * HAProxy doc/lua-api "AppletTCP class": the object given to a TCP service. {@code getline()}
 * returns a line with its terminator, {@code receive(n)} exactly n bytes, {@code receive()}
 * everything until the client closes; both return "" at end of stream (HAPROXY-LUA-API.md 3.8).
 */
public final class AppletTcp implements LuaStream {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "AppletTCP";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("getline", a -> self(a, "getline").getline());
        b.method("receive", a -> self(a, "receive").receive(a));
        b.method("send", a -> self(a, "send").send(a));
        StreamMethods.export(b, AppletTcp.class);
        META = b.build();
    }

    private final TcpExchange exchange;
    private LuaValue priv = LuaValue.NIL;

    private AppletTcp(TcpExchange exchange) {
        this.exchange = exchange;
    }

    /** Builds the AppletTCP object for one connection. */
    public static LuaTable create(TcpExchange ex, LuaHost host) {
        LuaTable t = LuaObject.wrap(new AppletTcp(ex), META);
        t.rawset("f", Fetches.create(ex, host.samples(), false));
        t.rawset("sf", Fetches.create(ex, host.samples(), true));
        t.rawset("c", Converters.create(ex, host.samples(), false));
        t.rawset("sc", Converters.create(ex, host.samples(), true));
        return t;
    }

    private static AppletTcp self(Varargs a, String fn) {
        return LuaObject.check(a, 1, AppletTcp.class, fn);
    }

    private Varargs getline() {
        StreamInput.Read r = exchange.input().line(true, 0);
        return r.data() == null ? LuaValue.EMPTYSTRING : LuaStrings.of(r.data());
    }

    private Varargs receive(Varargs a) {
        StreamInput.Read r = a.arg(2).isnil() ? exchange.input().all(0) : exchange.input().bytes(a.checkint(2), 0);
        return r.data() == null ? LuaValue.EMPTYSTRING : LuaStrings.of(r.data());
    }

    private Varargs send(Varargs a) {
        LuaValue data = a.arg(2);
        if (!data.isstring()) {
            throw new LuaError("bad argument #2 to 'send' (string expected, got " + data.typename() + ")");
        }
        exchange.write(LuaStrings.buffer(data));
        return LuaValue.NONE;
    }

    @Override
    public Vars vars() {
        return exchange.vars();
    }

    @Override
    public LuaValue priv() {
        return priv;
    }

    @Override
    public void priv(LuaValue v) {
        priv = v;
    }
}

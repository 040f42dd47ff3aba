package io.luxy.lua.api;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.sample.Vars;

/**
 * HAProxy doc/lua-api "TXN class": the transaction given to actions and sample fetches, with
 * {@code f}, {@code sf}, {@code c}, {@code sc}, variables, the private value and log functions.
 * {@code txn.http} is nil for now (the HTTP class comes with the full Lua API).
 */
public final class Txn implements LuaStream {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "TXN";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        StreamMethods.export(b, Txn.class);
        b.method("log", a -> {
            LuaObject.check(a, 1, Txn.class, "log");
            Core.log((int) LuaObject.checkInteger(a, 2, "log"), LuaObject.checkString(a, 3, "log"));
            return LuaValue.NONE;
        });
        b.method("deflog", a -> {
            LuaObject.check(a, 1, Txn.class, "deflog");
            Core.log(6, LuaObject.checkString(a, 2, "deflog"));
            return LuaValue.NONE;
        });
        level(b, "Debug", 7);
        level(b, "Info", 6);
        level(b, "Warning", 4);
        level(b, "Alert", 1);
        b.method("set_loglevel", a -> LuaValue.NONE);
        META = b.build();
    }

    private static void level(LuaClassBuilder b, String name, int level) {
        b.method(name, a -> {
            LuaObject.check(a, 1, Txn.class, name);
            Core.log(level, LuaObject.checkString(a, 2, name));
            return LuaValue.NONE;
        });
    }

    private final TxnContext ctx;

    private Txn(TxnContext ctx) {
        this.ctx = ctx;
    }

    /** A TXN object for one action or fetch call over {@code ctx}. */
    public static LuaTable create(TxnContext ctx, LuaHost host) {
        LuaTable t = LuaObject.wrap(new Txn(ctx), META);
        t.rawset("f", Fetches.create(ctx, host.samples(), false));
        t.rawset("sf", Fetches.create(ctx, host.samples(), true));
        t.rawset("c", Converters.create(ctx, host.samples(), false));
        t.rawset("sc", Converters.create(ctx, host.samples(), true));
        return t;
    }

    @Override
    public Vars vars() {
        return ctx.vars();
    }

    @Override
    public LuaValue priv() {
        Object p = ctx.luaPriv();
        return p instanceof LuaValue v ? v : LuaValue.NIL;
    }

    @Override
    public void priv(LuaValue v) {
        ctx.luaPriv(v);
    }
}

package io.luxy.lua.api;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.CoreDone;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
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
        b.method("set_loglevel", a -> {
            Txn t = LuaObject.check(a, 1, Txn.class, "set_loglevel");
            long level = LuaObject.checkInteger(a, 2, "set_loglevel");
            if (level < -1 || level > 7) {
                throw new LuaError("bad argument #2 to 'set_loglevel' (Invalid loglevel.)");
            }
            t.ctx.luaLogLevel((int) level);
            return LuaValue.NONE;
        });
        // Accepted without effect: Luxy does not set socket TOS/marks or queue priorities.
        for (String name : new String[] {"set_tos", "set_mark", "set_fc_tos", "set_fc_mark", "set_priority_class",
            "set_priority_offset"}) {
            b.method(name, a -> {
                LuaObject.check(a, 1, Txn.class, name);
                LuaObject.checkInteger(a, 2, name);
                return LuaValue.NONE;
            });
        }
        b.method("reply", a -> {
            LuaObject.check(a, 1, Txn.class, "reply");
            return Reply.create(a.arg(2));
        });
        b.method("done", a -> {
            Txn t = LuaObject.check(a, 1, Txn.class, "done");
            Invocation inv = Invocation.current();
            if (inv != null && inv.context() == ExecContext.ACTION) {
                t.reply = a.arg(2).isnil() ? null : Reply.read(a.arg(2));
                t.done = true;
            }
            throw new CoreDone(LuaValue.NONE);
        });
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
    private volatile boolean done;
    private volatile Reply.Response reply;

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

    /** The Java object behind a TXN table made by {@link #create}. */
    public static Txn of(LuaValue txn) {
        return (Txn) txn.rawget(0).touserdata();
    }

    /** True once an action called {@code txn:done([reply])}: the stream ends. */
    public boolean done() {
        return done;
    }

    /** The reply given to {@code txn:done(reply)}, or null (HTTP: close without a response). */
    public Reply.Response reply() {
        return reply;
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

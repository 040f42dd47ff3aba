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
 * {@code txn.http} ({@link Http}, nil unless the stream is HTTP), {@code txn.req} and
 * {@code txn.res} ({@link Channel}) are made on first use. {@code txn.http_req}/{@code http_res}
 * (HTTPMessage) are nil: HAProxy 2.6 gives them to filters only, which Luxy does not support.
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
        LuaValue methods = META.rawget("__index");
        META.rawset("__index", LuaClassBuilder.function(LUA_CLASS + ".__index", a -> {
            LuaValue key = a.arg(2);
            LuaValue m = methods.rawget(key);
            if (!m.isnil() || !a.arg1().istable()) {
                return m;
            }
            LuaValue field = lazyField(a.arg1(), key);
            if (!field.isnil()) {
                a.arg1().rawset(key, field);
            }
            return field;
        }));
    }

    /** Makes {@code txn.http}, {@code txn.req} or {@code txn.res} when first read (nil for other keys). */
    private static LuaValue lazyField(LuaValue self, LuaValue key) {
        if (!key.isstring() || LuaObject.dead(self) || !(self.rawget(0).touserdata() instanceof Txn t)) {
            return LuaValue.NIL;
        }
        return switch (key.tojstring()) {
            case "http" -> t.ctx.luaHttp() ? Http.create(t.ctx, t.response) : LuaValue.NIL;
            case "req" -> Channel.create(t.ctx.luaHttp() ? null : t.ctx.luaRequestInput(), false, t.ctx.luaHttp() ? t.ctx : null);
            case "res" -> Channel.create(t.ctx.luaHttp() ? null : t.ctx.luaResponseInput(), true, t.ctx.luaHttp() ? t.ctx : null);
            default -> LuaValue.NIL;
        };
    }

    private static void level(LuaClassBuilder b, String name, int level) {
        b.method(name, a -> {
            LuaObject.check(a, 1, Txn.class, name);
            Core.log(level, LuaObject.checkString(a, 2, name));
            return LuaValue.NONE;
        });
    }

    private final TxnContext ctx;
    private final boolean response;
    private volatile boolean done;
    private volatile Reply.Response reply;

    private Txn(TxnContext ctx, boolean response) {
        this.ctx = ctx;
        this.response = response;
    }

    /** A TXN object for one request-side action or fetch call over {@code ctx}. */
    public static LuaTable create(TxnContext ctx, LuaHost host) {
        return create(ctx, host, false);
    }

    /**
     * A TXN object for one action or fetch call over {@code ctx}; {@code response} is true for
     * response-side actions ({@code http-response}, {@code tcp-response content}), where
     * {@code txn.http} allows the {@code res_*} functions instead of the {@code req_*} ones.
     */
    public static LuaTable create(TxnContext ctx, LuaHost host, boolean response) {
        LuaTable t = LuaObject.wrap(new Txn(ctx, response), META);
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

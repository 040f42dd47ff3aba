package io.luxy.lua.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.sample.Vars;

/**
 * HAProxy doc/lua-api "AppletHTTP class": the object given to an HTTP service. Fields
 * {@code method}, {@code version} ("HTTP/1.1"), {@code path}, {@code qs}, {@code length},
 * {@code headers} (lower-case names, values zero-indexed per name), {@code f/sf/c/sc}.
 * Response rules of HAProxy 2.6 (HAPROXY-LUA-API.md 3.5): default status 200, codes outside
 * 100..599 ignored, header names sent lower-case, chunked when no content-length on HTTP/1.1.
 */
public final class AppletHttp implements LuaStream {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "AppletHTTP";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("set_status", a -> self(a, "set_status").setStatus(a));
        b.method("add_header", a -> self(a, "add_header").addHeader(a));
        b.method("start_response", a -> self(a, "start_response").startResponse());
        b.method("getline", a -> self(a, "getline").getline());
        b.method("receive", a -> self(a, "receive").receive(a));
        b.method("send", a -> self(a, "send").send(a));
        StreamMethods.export(b, AppletHttp.class);
        META = b.build();
    }

    private final HttpExchange exchange;
    private final Vars vars;
    private LuaValue priv = LuaValue.NIL;
    private int status = 200;
    private String reason;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>(4);
    private boolean started;
    private boolean ended;

    private AppletHttp(HttpExchange exchange) {
        this.exchange = exchange;
        this.vars = exchange.vars();
    }

    /** The Java applet behind a Lua AppletHTTP table. */
    public static AppletHttp of(LuaTable t) {
        return (AppletHttp) t.rawget(0).touserdata();
    }

    /** Builds the AppletHTTP object for one request. */
    public static LuaTable create(HttpExchange ex, LuaHost host, String method, long length) {
        AppletHttp applet = new AppletHttp(ex);
        LuaTable t = LuaObject.wrap(applet, META);
        t.rawset("method", LuaStrings.of(method));
        t.rawset("version", LuaStrings.of(ex.version()));
        t.rawset("path", LuaStrings.of(ex.path()));
        t.rawset("qs", LuaStrings.of(ex.query()));
        t.rawset("length", SampleConversions.integer(length));
        t.rawset("headers", headerTable(ex.headers()));
        t.rawset("f", Fetches.create(ex, host.samples(), false));
        t.rawset("sf", Fetches.create(ex, host.samples(), true));
        t.rawset("c", Converters.create(ex, host.samples(), false));
        t.rawset("sc", Converters.create(ex, host.samples(), true));
        return t;
    }

    /**
     * HAProxy's header table: {@code {name = {[0] = v1, [1] = v2}}}, names lower-cased, each
     * header line one value (HAPROXY-LUA-API.md 3.4). The {@code close} and {@code keep-alive}
     * tokens of {@code Connection} are not shown, as HAProxy's HTX does not keep them
     * ({@link ConnectionTokens}).
     */
    public static LuaTable headerTable(List<Map.Entry<String, String>> list) {
        LuaTable t = new LuaTable();
        for (Map.Entry<String, String> h : ConnectionTokens.clean(list)) {
            LuaValue key = LuaStrings.of(h.getKey().toLowerCase(Locale.ROOT));
            LuaValue values = t.rawget(key);
            if (values.isnil()) {
                LuaTable v = new LuaTable();
                v.rawset(0, LuaStrings.of(h.getValue()));
                t.rawset(key, v);
            } else {
                values.rawset(values.rawlen() + 1, LuaStrings.of(h.getValue()));
            }
        }
        return t;
    }

    private static AppletHttp self(Varargs a, String fn) {
        return LuaObject.check(a, 1, AppletHttp.class, fn);
    }

    private Varargs setStatus(Varargs a) {
        long code = LuaObject.checkInteger(a, 2, "set_status");
        if (code < 100 || code > 599) {
            return LuaValue.FALSE;
        }
        status = (int) code;
        reason = a.arg(3).isnil() ? null : LuaStrings.java(a.arg(3).tostring());
        return LuaValue.TRUE;
    }

    private Varargs addHeader(Varargs a) {
        String name = LuaObject.checkString(a, 2, "add_header");
        LuaValue v = a.arg(3);
        if (!v.isstring()) {
            throw new LuaError("bad argument #3 to 'add_header' (string expected, got " + v.typename() + ")");
        }
        headers.add(Map.entry(name.toLowerCase(Locale.ROOT), LuaStrings.java(v.tostring())));
        return LuaValue.NONE;
    }

    private Varargs startResponse() {
        if (started) {
            return LuaValue.NONE;
        }
        started = true;
        boolean hasLength = false;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equals("content-length")) {
                hasLength = true;
                break;
            }
        }
        boolean noBody = status < 200 || status == 204 || status == 304;
        boolean chunked = !hasLength && !noBody && "HTTP/1.1".equals(exchange.version());
        exchange.sendHead(status, reason, headers, chunked);
        return LuaValue.NONE;
    }

    private Varargs send(Varargs a) {
        if (!started) {
            throw new LuaError("'send' you must call start_response() before sending data.");
        }
        LuaValue data = a.arg(2);
        if (!data.isstring()) {
            throw new LuaError("bad argument #2 to 'send' (string expected, got " + data.typename() + ")");
        }
        exchange.sendData(LuaStrings.buffer(data));
        return LuaValue.NONE;
    }

    private Varargs getline() {
        StreamInput.Read r = exchange.body().line(true, 0);
        return r.data() == null ? LuaValue.EMPTYSTRING : LuaStrings.of(r.data());
    }

    private Varargs receive(Varargs a) {
        StreamInput.Read r = a.arg(2).isnil() ? exchange.body().all(0) : exchange.body().bytes(a.checkint(2), 0);
        return r.data() == null ? LuaValue.EMPTYSTRING : LuaStrings.of(r.data());
    }

    /** True once the status line and headers were sent. */
    public boolean started() {
        return started;
    }

    /**
     * Finishes the exchange after the service function returned: sends the head if the service
     * never did (HAProxy answers 500 then, as a service must start its response) and ends it.
     */
    public void finish() {
        if (ended) {
            return;
        }
        ended = true;
        if (!started) {
            exchange.fail500();
            return;
        }
        exchange.end();
    }

    /** Ends the exchange after a Lua error: 500 before headers, connection abort after. */
    public void fail() {
        if (ended) {
            return;
        }
        ended = true;
        if (started) {
            exchange.abort();
        } else {
            exchange.fail500();
        }
    }

    @Override
    public Vars vars() {
        return vars;
    }

    /**
     * The private value: the transaction's when the service runs in a stream (shared with the
     * actions before it, HAProxy 2.6.12), the applet's own otherwise.
     */
    @Override
    public LuaValue priv() {
        TxnContext txn = exchange.txn();
        if (txn == null) {
            return priv;
        }
        return txn.luaPriv() instanceof LuaValue v ? v : LuaValue.NIL;
    }

    @Override
    public void priv(LuaValue v) {
        TxnContext txn = exchange.txn();
        if (txn == null) {
            priv = v;
        } else {
            txn.luaPriv(v);
        }
    }
}

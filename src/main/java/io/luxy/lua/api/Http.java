package io.luxy.lua.api;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.sample.ExpReplace;

/**
 * HAProxy doc/lua-api "HTTP class" ({@code txn.http}, HTTP streams only): reads and rewrites the
 * request and response of the transaction; the changes reach the server (request) and the client
 * (response). As in HAProxy 2.6 (src/hlua.c, checked on 2.6.12) the {@code req_*} functions work
 * only in request actions and fetches and the {@code res_*} functions only in response actions;
 * misused, they raise an error whose value is their last argument. Header tables are
 * {@code {lowername = {[0] = v1, [1] = v2}}}; {@code req_set_method/path/query/uri} return true;
 * the header edits and {@code res_set_status} return nothing.
 */
public final class Http {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "HTTP";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("req_get_headers", a -> AppletHttp.headerTable(req(a, "req_get_headers").ctx.requestHeaders()));
        b.method("res_get_headers", a -> AppletHttp.headerTable(res(a, "res_get_headers").ctx.responseHeaders()));
        b.method("req_rep_header", a -> replace(req(a, "req_rep_header").ctx.requestHeaders(), a, "req_rep_header", false));
        b.method("res_rep_header", a -> replace(res(a, "res_rep_header").ctx.responseHeaders(), a, "res_rep_header", false));
        b.method("req_rep_value", a -> replace(req(a, "req_rep_value").ctx.requestHeaders(), a, "req_rep_value", true));
        b.method("res_rep_value", a -> replace(res(a, "res_rep_value").ctx.responseHeaders(), a, "res_rep_value", true));
        b.method("req_add_header", a -> add(req(a, "req_add_header").ctx.requestHeaders(), a, "req_add_header", false));
        b.method("res_add_header", a -> add(res(a, "res_add_header").ctx.responseHeaders(), a, "res_add_header", false));
        b.method("req_set_header", a -> add(req(a, "req_set_header").ctx.requestHeaders(), a, "req_set_header", true));
        b.method("res_set_header", a -> add(res(a, "res_set_header").ctx.responseHeaders(), a, "res_set_header", true));
        b.method("req_del_header", a -> del(req(a, "req_del_header").ctx.requestHeaders(), a, "req_del_header"));
        b.method("res_del_header", a -> del(res(a, "res_del_header").ctx.responseHeaders(), a, "res_del_header"));
        b.method("req_set_method", a -> {
            Http h = req(a, "req_set_method");
            h.ctx.luaSetMethod(LuaObject.checkString(a, 2, "req_set_method"));
            return LuaValue.TRUE;
        });
        b.method("req_set_path", a -> {
            Http h = req(a, "req_set_path");
            String v = LuaObject.checkString(a, 2, "req_set_path");
            String u = h.ctx.uri();
            int q = u.indexOf('?');
            h.ctx.luaSetUri(q < 0 ? v : v + u.substring(q));
            return LuaValue.TRUE;
        });
        b.method("req_set_query", a -> {
            Http h = req(a, "req_set_query");
            String v = LuaObject.checkString(a, 2, "req_set_query");
            String u = h.ctx.uri();
            int q = u.indexOf('?');
            String path = q < 0 ? u : u.substring(0, q);
            h.ctx.luaSetUri(q >= 0 || !v.isEmpty() ? path + "?" + v : path);
            return LuaValue.TRUE;
        });
        b.method("req_set_uri", a -> {
            Http h = req(a, "req_set_uri");
            h.ctx.luaSetUri(LuaObject.checkString(a, 2, "req_set_uri"));
            return LuaValue.TRUE;
        });
        b.method("res_set_status", a -> {
            Http h = res(a, "res_set_status");
            long code = LuaObject.checkInteger(a, 2, "res_set_status");
            h.ctx.luaSetStatus((int) code, a.arg(3).isnil() ? null : LuaObject.checkString(a, 3, "res_set_status"));
            return LuaValue.NONE;
        });
        META = b.build();
    }

    private final TxnContext ctx;
    private final boolean response;

    private Http(TxnContext ctx, boolean response) {
        this.ctx = ctx;
        this.response = response;
    }

    /** The HTTP object of a transaction seen from a request ({@code response} false) or response action. */
    static LuaTable create(TxnContext ctx, boolean response) {
        return LuaObject.wrap(new Http(ctx, response), META);
    }

    private static Http req(Varargs a, String fn) {
        Http h = LuaObject.check(a, 1, Http.class, fn);
        if (h.response) {
            throw new LuaError(a.arg(a.narg()));
        }
        return h;
    }

    private static Http res(Varargs a, String fn) {
        Http h = LuaObject.check(a, 1, Http.class, fn);
        if (!h.response) {
            throw new LuaError(a.arg(a.narg()));
        }
        return h;
    }

    /** add_header (appends) and set_header (removes every line of that name first). */
    private static Varargs add(List<Map.Entry<String, String>> headers, Varargs a, String fn, boolean replace) {
        String name = LuaObject.checkString(a, 2, fn);
        String value = LuaObject.checkString(a, 3, fn);
        if (replace) {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        }
        headers.add(Map.entry(name, value));
        return LuaValue.NONE;
    }

    private static Varargs del(List<Map.Entry<String, String>> headers, Varargs a, String fn) {
        String name = LuaObject.checkString(a, 2, fn);
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        return LuaValue.NONE;
    }

    /**
     * rep_header(name, regex, repl) / rep_value: for each line of {@code name} (each comma-separated
     * value for rep_value) the regex matches, the whole line (value) becomes {@code repl} with
     * {@code \N} references (HAProxy http_replace_hdrs with exp_replace).
     */
    private static Varargs replace(List<Map.Entry<String, String>> headers, Varargs a, String fn, boolean values) {
        String name = LuaObject.checkString(a, 2, fn);
        String re = LuaObject.checkString(a, 3, fn);
        String repl = LuaObject.checkString(a, 4, fn);
        Pattern p;
        try {
            p = Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new LuaError("'" + fn + "': " + e.getDescription());
        }
        for (int i = 0; i < headers.size(); i++) {
            Map.Entry<String, String> h = headers.get(i);
            if (!h.getKey().equalsIgnoreCase(name)) {
                continue;
            }
            String v = values ? replaceValues(h.getValue(), p, repl) : replaceOne(h.getValue(), p, repl);
            if (v != null) {
                headers.set(i, Map.entry(h.getKey(), v));
            }
        }
        return LuaValue.NONE;
    }

    private static String replaceOne(String value, Pattern p, String repl) {
        Matcher m = p.matcher(value);
        if (!m.find()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(repl.length() + 16);
        ExpReplace.append(sb, repl, m);
        return sb.toString();
    }

    /** Each comma-separated value the regex matches is replaced without its surrounding blanks; others stay as sent (2.6.12). */
    private static String replaceValues(String line, Pattern p, String repl) {
        String[] parts = line.split(",", -1);
        StringBuilder sb = new StringBuilder(line.length() + 16);
        boolean changed = false;
        for (int k = 0; k < parts.length; k++) {
            String v = replaceOne(parts[k].strip(), p, repl);
            changed |= v != null;
            if (k > 0) {
                sb.append(',');
            }
            sb.append(v == null ? parts[k] : v);
        }
        return changed ? sb.toString() : null;
    }
}

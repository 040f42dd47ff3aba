package io.luxy.lua.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;

/**
 * HAProxy doc/lua-api "Reply class" (2.2+): the HTTP response built by {@code txn:reply([t])} and
 * sent by {@code txn:done(reply)}. As in HAProxy the object is a plain table with the fields
 * {@code status} (default 200), {@code reason}, {@code headers} (name → 1-based list of values)
 * and {@code body}, plus the methods {@code set_status}, {@code add_header}, {@code del_header}
 * and {@code set_body}; {@code txn:done} also accepts a table without the class. The response is
 * sent with a {@code content-length}, header names lower-cased as HAProxy's HTTP/1 output does.
 */
public final class Reply {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Reply";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("set_status", a -> {
            LuaTable r = self(a, "set_status");
            int status = (int) LuaObject.checkInteger(a, 2, "set_status");
            r.rawset("status", LuaValue.valueOf(status));
            r.rawset("reason", a.arg(3).isnil() ? LuaValue.valueOf(reason(status)) : LuaValue.valueOf(LuaObject.checkString(a, 3, "set_status")));
            return LuaValue.NONE;
        });
        b.method("add_header", a -> {
            LuaTable r = self(a, "add_header");
            LuaValue name = LuaStrings.of(LuaObject.checkString(a, 2, "add_header"));
            LuaValue value = LuaStrings.of(LuaObject.checkString(a, 3, "add_header"));
            LuaTable headers = headers(r);
            LuaValue list = headers.rawget(name);
            if (!list.istable()) {
                list = new LuaTable();
                headers.rawset(name, list);
            }
            list.rawset(list.rawlen() + 1, value);
            return LuaValue.NONE;
        });
        b.method("del_header", a -> {
            LuaTable r = self(a, "del_header");
            headers(r).rawset(LuaStrings.of(LuaObject.checkString(a, 2, "del_header")), LuaValue.NIL);
            return LuaValue.NONE;
        });
        b.method("set_body", a -> {
            self(a, "set_body").rawset("body", LuaStrings.of(LuaObject.checkString(a, 2, "set_body")));
            return LuaValue.NONE;
        });
        META = b.build();
    }

    /** The response a reply describes: status, reason, headers in order (lower-case names), body bytes. */
    public record Response(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    private Reply() {
    }

    private static LuaTable self(Varargs a, String fn) {
        LuaValue v = a.arg(1);
        if (v.istable() && v.getmetatable() == META) {
            return (LuaTable) v;
        }
        throw new LuaError("bad argument #1 to '" + fn + "' (" + LUA_CLASS + " expected, got " + v.typename() + ")");
    }

    private static LuaTable headers(LuaTable r) {
        LuaValue h = r.rawget("headers");
        if (!h.istable()) {
            h = new LuaTable();
            r.rawset("headers", h);
        }
        return (LuaTable) h;
    }

    /**
     * {@code txn:reply([t])}: a new Reply, initialised from {@code init}'s {@code status},
     * {@code reason}, {@code headers} and {@code body} when given.
     */
    public static LuaTable create(LuaValue init) {
        LuaTable r = new LuaTable();
        int status = 200;
        LuaValue reason = LuaValue.NIL;
        LuaTable headers = new LuaTable();
        LuaValue body = LuaValue.NIL; // HAProxy 2.6.12: a fresh reply has no body field
        if (init.istable()) {
            LuaValue s = init.get("status");
            if (!s.isnil()) {
                status = s.checkint();
            }
            reason = init.get("reason");
            LuaValue h = init.get("headers");
            if (h.istable()) {
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = h.next(k);
                    if ((k = n.arg1()).isnil()) {
                        break;
                    }
                    LuaTable copy = new LuaTable();
                    LuaValue vals = n.arg(2);
                    if (vals.istable()) {
                        for (int i = 1; i <= vals.rawlen(); i++) {
                            copy.rawset(i, vals.rawget(i).tostring());
                        }
                    } else {
                        copy.rawset(1, vals.tostring());
                    }
                    headers.rawset(k.tostring(), copy);
                }
            }
            if (!init.get("body").isnil()) {
                body = init.get("body").tostring();
            }
        }
        r.rawset("status", LuaValue.valueOf(status));
        r.rawset("reason", reason.isnil() ? LuaValue.valueOf(reason(status)) : reason.tostring());
        r.rawset("headers", headers);
        r.rawset("body", body);
        r.setmetatable(META);
        return r;
    }

    /** Reads a Reply (or a plain table of the same shape, as {@code txn:done{...}} takes). */
    public static Response read(LuaValue t) {
        if (!t.istable()) {
            throw new LuaError("bad argument #2 to 'done' (table expected, got " + t.typename() + ")");
        }
        LuaValue s = t.get("status");
        int status = s.isnil() ? 200 : s.checkint();
        LuaValue rs = t.get("reason");
        String reason = rs.isnil() ? reason(status) : LuaStrings.java(rs.tostring());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        LuaValue h = t.get("headers");
        if (h.istable()) {
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = h.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                String name = LuaStrings.java(k.tostring()).toLowerCase(java.util.Locale.ROOT);
                LuaValue vals = n.arg(2);
                if (vals.istable()) {
                    for (int i = 1; i <= vals.rawlen(); i++) {
                        headers.add(Map.entry(name, LuaStrings.java(vals.rawget(i).tostring())));
                    }
                } else {
                    headers.add(Map.entry(name, LuaStrings.java(vals.tostring())));
                }
            }
        }
        LuaValue b = t.get("body");
        byte[] body = new byte[0];
        if (!b.isnil()) {
            org.luaj.vm2.LuaString ls = b.checkstring();
            body = new byte[ls.m_length];
            System.arraycopy(ls.m_bytes, ls.m_offset, body, 0, ls.m_length);
        }
        return new Response(status, reason, headers, body);
    }

    /** HAProxy's default reason phrase ({@code http_get_reason}, src/http.c). */
    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 418 -> "I'm a teapot";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Entity";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> status < 200 ? "Informational" : status < 300 ? "Success" : status < 400 ? "Redirection"
                    : status < 500 ? "Client Error" : "Server Error";
        };
    }
}

package io.luxy.lua.api;

import org.luaj.vm2.LuaValue;

import io.luxy.sample.Sample;

/**
 * Sample ↔ Lua conversions of HAProxy 2.6 ({@code hlua_smp2lua}, {@code hlua_lua2smp};
 * HAPROXY-LUA-API.md 3.1): integers stay integers, booleans become 0/1 (2.6 behaviour), strings,
 * methods and addresses become strings; from Lua, a number goes through Lua 5.3's
 * {@code lua_tointeger} (a non-integral number becomes 0), a boolean stays a boolean, a string a
 * string, anything else becomes boolean false.
 */
public final class SampleConversions {

    private SampleConversions() {
    }

    /** {@code txn.f} rule: typed value, nil when the fetch failed. */
    public static LuaValue toLua(Sample s) {
        if (s == null) {
            return LuaValue.NIL;
        }
        return switch (s.type()) {
            case SINT -> integer((Long) s.value());
            case BOOL -> LuaValue.valueOf(((Boolean) s.value()) ? 1 : 0);
            case BIN -> LuaValue.valueOf((byte[]) s.value());
            default -> LuaStrings.of(s.asString());
        };
    }

    /** A Lua number for an integer (LuaJ has no 64-bit integer subtype: large values become doubles). */
    public static LuaValue integer(long l) {
        return l == (int) l ? LuaValue.valueOf((int) l) : LuaValue.valueOf((double) l);
    }

    /** {@code txn.sf} rule: always a string, "" when the fetch failed. */
    public static LuaValue toLuaString(Sample s) {
        return s == null ? LuaValue.EMPTYSTRING : (s.type() == io.luxy.sample.SampleType.BIN
                ? LuaValue.valueOf((byte[]) s.value()) : LuaStrings.of(s.asString()));
    }

    /** A Lua value as a sample, with HAProxy 2.6's rules (see class comment). */
    public static Sample fromLua(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TNUMBER: {
                double d = v.todouble();
                return Sample.sint(d == Math.rint(d) && !Double.isInfinite(d) ? (long) d : 0L);
            }
            case LuaValue.TBOOLEAN:
                return Sample.bool(v.toboolean());
            case LuaValue.TSTRING:
                return Sample.str(LuaStrings.java(v));
            default:
                return Sample.bool(false);
        }
    }
}

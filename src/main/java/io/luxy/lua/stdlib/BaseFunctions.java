package io.luxy.lua.stdlib;

import org.jboss.logging.Logger;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.LuaLimitError;

/**
 * Base functions that LuaJ gets wrong for Lua 5.3 scripts: {@code tostring} (luaL_tolstring:
 * {@code __tostring}, {@code __name}, numbers with {@code %.14g}), {@code pairs} honouring
 * {@code __pairs} (HAProxy 2.8+'s {@code core.backends} views need it), and {@code print}
 * writing to the log category {@code luxy.lua} at INFO instead of stdout; {@code table.move}, and
 * {@code table.concat}/{@code table.unpack} {@linkplain Reserve reserving} their result's size
 * ({@code tune.lua.maxmem}).
 */
final class BaseFunctions {

    /** The log category {@code print} writes to. */
    static final Logger PRINT_LOG = Logger.getLogger("luxy.lua");

    private BaseFunctions() {
    }

    static void install(Globals g) {
        g.set("tostring", Fn.of("tostring", a -> tostringValue(a.checkvalue(1))));
        LuaValue next = g.get("next");
        g.set("pairs", Fn.of("pairs", a -> {
            LuaValue t = a.checkvalue(1);
            LuaValue mm = t.getmetatable() == null ? LuaValue.NIL : t.getmetatable().rawget("__pairs");
            if (!mm.isnil()) {
                Varargs r = mm.invoke(t);
                return LuaValue.varargsOf(r.arg(1), r.arg(2), r.arg(3));
            }
            if (!t.istable()) {
                a.checktable(1);
            }
            return LuaValue.varargsOf(next, t, LuaValue.NIL);
        }));
        g.set("pcall", Fn.of("pcall", a -> {
            LuaValue f = a.checkvalue(1);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(a.subargs(2)));
            } catch (LuaError e) {
                return LuaValue.varargsOf(LuaValue.FALSE, errorValue(e));
            } catch (StackOverflowError e) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
            } catch (RuntimeException e) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(e.getMessage() != null ? e.getMessage() : e.toString()));
            }
        }));
        g.set("xpcall", Fn.of("xpcall", a -> {
            LuaValue f = a.checkvalue(1);
            LuaValue handler = a.checkvalue(2);
            LuaValue err;
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(a.subargs(3)));
            } catch (LuaLimitError e) {
                if (e.kind() == LuaLimitError.Kind.MEMORY) {
                    return LuaValue.varargsOf(LuaValue.FALSE, errorValue(e)); // Lua calls no handler for memory errors
                }
                err = errorValue(e);
            } catch (LuaError e) {
                err = errorValue(e);
            } catch (StackOverflowError e) {
                err = LuaValue.valueOf("stack overflow");
            } catch (RuntimeException e) {
                err = LuaValue.valueOf(e.getMessage() != null ? e.getMessage() : e.toString());
            }
            return LuaValue.varargsOf(LuaValue.FALSE, handler.call(err));
        }));
        g.set("print", Fn.of("print", a -> {
            LuaValue ts = g.get("tostring");
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= a.narg(); i++) {
                if (i > 1) {
                    sb.append('\t');
                }
                LuaValue s = ts.call(a.arg(i));
                if (!s.isstring()) {
                    throw new LuaError("'tostring' must return a string to 'print'");
                }
                LuaString ls = s.strvalue();
                sb.append(new String(ls.m_bytes, ls.m_offset, ls.m_length, java.nio.charset.StandardCharsets.UTF_8));
            }
            PRINT_LOG.info(sb);
            return LuaValue.NONE;
        }));
    }

    /** Lua 5.3's error value for LuaJ's own errors; Luxy's control errors keep LuaJ's value. */
    private static LuaValue errorValue(LuaError e) {
        LuaValue v = e.getClass() == LuaError.class ? LuaErrors.value(e) : e.getMessageObject();
        return v == null ? LuaValue.NIL : v;
    }

    /** luaL_tolstring as a Lua string (strings are returned as they are, byte for byte). */
    static LuaString tostringValue(LuaValue v) {
        LuaValue mt = v.getmetatable();
        if (v instanceof LuaString s && (mt == null || mt.rawget("__tostring").isnil())) {
            return s;
        }
        if (mt != null && !mt.rawget("__tostring").isnil()) {
            LuaValue r = mt.rawget("__tostring").call(v);
            if (r instanceof LuaString s) {
                return s;
            }
            if (!r.isstring()) {
                throw new LuaError("'__tostring' must return a string");
            }
        }
        return LuaString.valueOf(tostring(v));
    }

    /** luaL_tolstring: the text {@code tostring(v)} returns in Lua 5.3. */
    static String tostring(LuaValue v) {
        LuaValue mt = v.getmetatable();
        if (mt != null) {
            LuaValue ts = mt.rawget("__tostring");
            if (!ts.isnil()) {
                LuaValue r = ts.call(v);
                if (!r.isstring()) {
                    throw new LuaError("'__tostring' must return a string");
                }
                return r.isnumber() && r.type() == LuaValue.TNUMBER ? LuaNumbers.tostring(r) : r.tojstring();
            }
        }
        switch (v.type()) {
            case LuaValue.TNUMBER:
                return LuaNumbers.tostring(v);
            case LuaValue.TSTRING:
            case LuaValue.TBOOLEAN:
            case LuaValue.TNIL:
                return v.tojstring();
            default:
                if (mt != null && mt.rawget("__name").isstring()) {
                    String s = v.tojstring();
                    int colon = s.indexOf(':');
                    return mt.rawget("__name").tojstring() + (colon >= 0 ? s.substring(colon) : ": " + s);
                }
                return v.tojstring();
        }
    }

    /** {@code table.move(a1, f, e, t [, a2])} (Lua 5.3). */
    static void installTable(LuaTable table) {
        table.set("concat", Fn.of("concat", BaseFunctions::concat));
        LuaValue unpack = table.get("unpack");
        table.set("unpack", Fn.of("unpack", a -> {
            if (a.narg() >= 3 && a.arg(2).isnumber() && a.arg(3).isnumber()) {
                Reserve.refs(a.arg(3).tolong() - a.arg(2).tolong() + 1);
            }
            return unpack.invoke(a);
        }));
        table.set("move", Fn.of("move", a -> {
            LuaValue a1 = a.checktable(1);
            long f = a.checklong(2);
            long e = a.checklong(3);
            long t = a.checklong(4);
            LuaValue a2 = a.isnoneornil(5) ? a1 : a.checktable(5);
            if (e >= f) {
                if (!(f > 0 || e < Long.MAX_VALUE + f)) {
                    throw new LuaError("bad argument #3 to 'move' (too many elements to move)");
                }
                if (t > e || t <= f || a1 != a2) {
                    for (long i = 0; i <= e - f; i++) {
                        a2.set(LuaValue.valueOf(t + i), a1.get(LuaValue.valueOf(f + i)));
                    }
                } else {
                    for (long i = e - f; i >= 0; i--) {
                        a2.set(LuaValue.valueOf(t + i), a1.get(LuaValue.valueOf(f + i)));
                    }
                }
            }
            return a2;
        }));
    }

    /**
     * {@code table.concat(list [, sep [, i [, j]]])} with LuaJ 3.0.1's argument checks and
     * conversions (same errors), building the result in one allocation of its exact size,
     * {@linkplain Reserve reserved} first ({@code tune.lua.maxmem}).
     */
    static Varargs concat(Varargs a) {
        int narg = a.narg();
        if (narg == 0) {
            return LuaValue.argerror(1, "table expected, got no value");
        }
        LuaValue list = a.arg1();
        LuaTable t = list.checktable();
        LuaString sep = narg >= 2 ? a.arg(2).checkstring() : LuaValue.EMPTYSTRING;
        int i = narg >= 3 ? a.arg(3).checkint() : 1;
        int j = narg >= 4 ? a.arg(4).checkint() : list.length();
        if (i > j) {
            return LuaValue.EMPTYSTRING;
        }
        LuaString[] parts = new LuaString[(int) Math.min(16, (long) j - i + 1)];
        int n = 0;
        long total = 0;
        for (long k = i; k <= j; k++) {
            LuaString s = t.get((int) k).checkstring();
            if (n == parts.length) {
                Reserve.refs(2L * n);
                parts = java.util.Arrays.copyOf(parts, 2 * n);
            }
            parts[n++] = s;
            total += s.m_length + (k < j ? sep.m_length : 0);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new LuaError("not enough memory");
        }
        LuaString[] all = parts;
        return StringFunctions.join(k -> all[k], n, sep, total);
    }

    /** Lua 5.3's {@code math.tointeger/type/ult/maxinteger/mininteger}. */
    static void installMath(LuaTable math) {
        math.set("maxinteger", LuaValue.valueOf(Long.MAX_VALUE));
        math.set("mininteger", LuaValue.valueOf(Long.MIN_VALUE));
        math.set("tointeger", Fn.of("tointeger", a -> {
            LuaValue v = a.arg1();
            if (v.type() != LuaValue.TNUMBER) {
                return v.isnil() && a.narg() == 0 ? a.checknumber(1) : LuaValue.NIL;
            }
            return LuaNumbers.isInteger(v) ? v : LuaValue.NIL;
        }));
        math.set("type", Fn.of("type", a -> {
            LuaValue v = a.checkvalue(1);
            if (v.type() != LuaValue.TNUMBER) {
                return LuaValue.NIL;
            }
            return LuaValue.valueOf(LuaNumbers.isInteger(v) ? "integer" : "float");
        }));
        math.set("ult", Fn.of("ult", a -> LuaValue.valueOf(Long.compareUnsigned(
                StringFormat.integerArg(a, 1), StringFormat.integerArg(a, 2)) < 0)));
    }
}

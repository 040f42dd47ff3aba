package io.luxy.lua.engine;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * HAProxy's object shape (seed 003, "The object concept"): a table whose {@code [0]} holds the
 * private Java object as userdata, with the class's shared metatable. Also the argument checks
 * that raise Lua's standard "bad argument #n to 'f'" errors (HAProxy: {@code hlua_checkudata}).
 */
public final class LuaObject {

    private static final LuaValue ZERO = LuaValue.valueOf(0);

    private LuaObject() {
    }

    /** A new object table for {@code target} with metatable {@code meta}. */
    public static LuaTable wrap(Object target, LuaTable meta) {
        LuaTable t = new LuaTable();
        t.rawset(ZERO, new LuaUserdata(target));
        t.setmetatable(meta);
        return t;
    }

    /**
     * The Java object behind argument {@code n} (1-based) when it is an object of {@code type};
     * raises "bad argument #n to 'fn' (Class expected, got ...)" otherwise.
     */
    public static <T> T check(Varargs args, int n, Class<T> type, String fn) {
        LuaValue v = args.arg(n);
        if (v.istable()) {
            LuaValue ud = v.rawget(ZERO);
            if (ud.isuserdata()) {
                Object o = ud.touserdata();
                if (type.isInstance(o)) {
                    return type.cast(o);
                }
            }
        }
        throw new LuaError("bad argument #" + n + " to '" + fn + "' (" + type.getSimpleName() + " expected, got " + v.typename() + ")");
    }

    /** Argument {@code n} as a string (numbers are converted), or an error naming {@code fn}. */
    public static String checkString(Varargs args, int n, String fn) {
        LuaValue v = args.arg(n);
        if (v.isstring()) {
            return v.tojstring();
        }
        throw new LuaError("bad argument #" + n + " to '" + fn + "' (string expected, got " + v.typename() + ")");
    }

    /** Argument {@code n} as a string, or {@code def} when absent or nil. */
    public static String optString(Varargs args, int n, String def) {
        LuaValue v = args.arg(n);
        return v.isnil() ? def : v.tojstring();
    }

    /** Argument {@code n} as an integer (Lua 5.3 rule: fractions are refused). */
    public static long checkInteger(Varargs args, int n, String fn) {
        LuaValue v = args.arg(n);
        if (!v.isnumber()) {
            throw new LuaError("bad argument #" + n + " to '" + fn + "' (number expected, got " + v.typename() + ")");
        }
        double d = v.todouble();
        if (d != Math.rint(d)) {
            throw new LuaError("bad argument #" + n + " to '" + fn + "' (number has no integer representation)");
        }
        return (long) d;
    }
}

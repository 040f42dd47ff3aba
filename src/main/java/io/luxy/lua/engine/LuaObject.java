package io.luxy.lua.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * HAProxy's object shape (seed 003, "The object concept"): a table whose {@code [0]} holds the
 * private Java object as userdata, with the class's shared metatable. Also the argument checks
 * that raise Lua's standard "bad argument #n to 'f'" errors (HAProxy: {@code hlua_checkudata}).
 * <p>
 * Lifetimes (STYLE.md rule 5): an object wrapped while a {@link LuaScope} is open belongs to it,
 * and {@link #check} raises "object used outside of proper scope" once the scope closed, so API
 * classes need no per-method liveness code. Classes whose objects outlive a transaction (e.g.
 * {@code Concat}) are declared with {@link #unscoped}.
 */
public final class LuaObject {

    private static final LuaValue ZERO = LuaValue.valueOf(0);
    private static final Set<Class<?>> UNSCOPED = ConcurrentHashMap.newKeySet();

    private LuaObject() {
    }

    /** Userdata that remembers the scope its object belongs to. */
    private static final class ScopedUserdata extends LuaUserdata {
        final LuaScope scope;

        ScopedUserdata(Object target, LuaScope scope) {
            super(target);
            this.scope = scope;
        }
    }

    /** Declares that objects of {@code type} are plain values that live on after their transaction. */
    public static void unscoped(Class<?> type) {
        UNSCOPED.add(type);
    }

    /**
     * A new object table for {@code target} with metatable {@code meta}. The object belongs to the
     * scope open on this thread, if any; a target that is a {@link LuaScope.Resource} is released
     * when that scope ends.
     */
    public static LuaTable wrap(Object target, LuaTable meta) {
        LuaScope scope = LuaScope.current();
        LuaTable t = new LuaTable();
        if (scope == null || UNSCOPED.contains(target.getClass())) {
            t.rawset(ZERO, new LuaUserdata(target));
        } else {
            t.rawset(ZERO, new ScopedUserdata(target, scope));
            if (target instanceof LuaScope.Resource r) {
                scope.register(r);
            }
        }
        t.setmetatable(meta);
        return t;
    }

    /** True when {@code v} is an object whose scope has ended. */
    public static boolean dead(LuaValue v) {
        return v.istable() && v.rawget(ZERO) instanceof ScopedUserdata s && !s.scope.alive();
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
                if (ud instanceof ScopedUserdata s && !s.scope.alive()) {
                    throw new LuaError(LuaScope.OUT_OF_SCOPE);
                }
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

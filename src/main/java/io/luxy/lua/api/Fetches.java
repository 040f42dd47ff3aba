package io.luxy.lua.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleRegistry;

/**
 * HAProxy doc/lua-api "Fetches class" ({@code txn.f}, {@code txn.sf}, {@code applet.f}…): every
 * native sample fetch as a method, named with HAProxy's rule ('.', '-', '+' → '_'). The
 * {@code f} flavour returns typed values (nil when the fetch fails), the {@code sf} flavour always
 * a string ("" when it fails). Registered {@code lua.*} fetches are not exposed, as in HAProxy.
 */
public final class Fetches {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Fetches";

    private static final Map<SampleRegistry, LuaTable[]> METAS = new ConcurrentHashMap<>();

    private Fetches() {
    }

    /** A Fetches object reading from {@code ctx}; {@code strings} selects the {@code sf} flavour. */
    public static LuaTable create(SampleContext ctx, SampleRegistry registry, boolean strings) {
        LuaTable[] metas = METAS.computeIfAbsent(registry, Fetches::build);
        return LuaObject.wrap(ctx, metas[strings ? 1 : 0]);
    }

    private static LuaTable[] build(SampleRegistry registry) {
        return new LuaTable[] {build(registry, false), build(registry, true)};
    }

    private static LuaTable build(SampleRegistry registry, boolean strings) {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        for (String name : registry.fetchNames()) {
            if (name.startsWith("lua.")) {
                continue;
            }
            SampleFetch f = registry.fetch(name);
            b.method(SampleRegistry.luaName(name), a -> {
                SampleContext ctx = LuaObject.check(a, 1, SampleContext.class, name);
                Sample s = f.fetch(ctx, args(a, 2, f.argSpec(), SampleRegistry.luaName(name), 1));
                return strings ? SampleConversions.toLuaString(s) : SampleConversions.toLua(s);
            });
        }
        return b.build();
    }

    /**
     * Lua arguments from index {@code from} as the strings sample keywords take, checked against
     * {@code spec} as HAProxy 2.6.12's {@code hlua_lua2arg_check()} does: a string argument must be
     * a Lua string ("unable to duplicate string arg"), an integer one a Lua number ("integer
     * expected"; a non-integral number counts as 0, Lua 5.3's {@code lua_tointeger}), a mask
     * either. Errors name the argument {@code firstNo} for the first one ("bad argument #1 to
     * 'req_hdr' (…)"). Keywords without a spec take any value as text.
     */
    static List<String> args(Varargs a, int from, io.luxy.sample.ArgSpec spec, String fn, int firstNo) {
        int n = a.narg();
        if (n < from) {
            return List.of();
        }
        List<io.luxy.sample.ArgType> types = spec.types();
        List<String> out = new ArrayList<>(n - from + 1);
        for (int i = from; i <= n; i++) {
            LuaValue v = a.arg(i);
            int pos = i - from;
            io.luxy.sample.ArgType type = types == null || pos >= types.size() ? null : types.get(pos);
            if (type == null) {
                out.add(v.isnil() ? "" : text(v));
                continue;
            }
            String error = switch (type) {
                case STR -> v.type() == LuaValue.TSTRING ? null : "unable to duplicate string arg";
                case SINT -> v.type() == LuaValue.TNUMBER ? null : "integer expected";
                case MSK4, MSK6 -> v.type() == LuaValue.TNUMBER || v.type() == LuaValue.TSTRING ? null
                        : type == io.luxy.sample.ArgType.MSK4 ? "IPv4 mask expected" : "IPv6 mask expected";
            };
            if (error != null) {
                throw new org.luaj.vm2.LuaError("bad argument #" + (firstNo + pos) + " to '" + fn + "' (" + error + ")");
            }
            if (v.type() == LuaValue.TNUMBER && v.todouble() != Math.rint(v.todouble())) {
                out.add("0"); // lua_tointeger() of a non-integral float
            } else {
                out.add(text(v));
            }
        }
        return out;
    }

    private static String text(LuaValue v) {
        return v.isnumber() && v.todouble() == Math.rint(v.todouble())
                ? Long.toString((long) v.todouble()) : LuaStrings.java(v.tostring());
    }
}

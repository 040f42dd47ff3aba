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
                Sample s = f.fetch(ctx, args(a, 2));
                return strings ? SampleConversions.toLuaString(s) : SampleConversions.toLua(s);
            });
        }
        return b.build();
    }

    /** Lua arguments from index {@code from} as strings (HAProxy passes sample args as text). */
    static List<String> args(Varargs a, int from) {
        int n = a.narg();
        if (n < from) {
            return List.of();
        }
        List<String> out = new ArrayList<>(n - from + 1);
        for (int i = from; i <= n; i++) {
            LuaValue v = a.arg(i);
            out.add(v.isnil() ? "" : v.isnumber() && v.todouble() == Math.rint(v.todouble())
                    ? Long.toString((long) v.todouble()) : LuaStrings.java(v.tostring()));
        }
        return out;
    }
}

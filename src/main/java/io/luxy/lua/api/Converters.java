package io.luxy.lua.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleRegistry;

/**
 * HAProxy doc/lua-api "Converters class" ({@code txn.c}, {@code txn.sc}…): every native converter
 * as a method taking the input first ({@code txn.c:sdbm(str, 1)}). The input is passed as a
 * string; {@code c} returns typed values (nil on failure), {@code sc} always a string.
 */
public final class Converters {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Converters";

    private static final Map<SampleRegistry, LuaTable[]> METAS = new ConcurrentHashMap<>();

    private Converters() {
    }

    /** A Converters object for {@code ctx}; {@code strings} selects the {@code sc} flavour. */
    public static LuaTable create(SampleContext ctx, SampleRegistry registry, boolean strings) {
        LuaTable[] metas = METAS.computeIfAbsent(registry, r -> new LuaTable[] {build(r, false), build(r, true)});
        return LuaObject.wrap(ctx, metas[strings ? 1 : 0]);
    }

    private static LuaTable build(SampleRegistry registry, boolean strings) {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        for (String name : registry.converterNames()) {
            if (name.startsWith("lua.")) {
                continue;
            }
            Converter c = registry.converter(name);
            b.method(SampleRegistry.luaName(name), a -> {
                SampleContext ctx = LuaObject.check(a, 1, SampleContext.class, name);
                LuaValue in = a.arg(2);
                Sample input = in.isnil() ? Sample.str("") : SampleConversions.fromLua(in.isnumber() || in.isboolean() ? in : in.tostring());
                Sample cast = io.luxy.sample.Casts.cast(input, c.inputType());
                Sample s = cast == null ? null : c.convert(cast, Fetches.args(a, 3, c.argSpec(), SampleRegistry.luaName(name), 2), ctx);
                return strings ? SampleConversions.toLuaString(s) : SampleConversions.toLua(s);
            });
        }
        return b.build();
    }
}

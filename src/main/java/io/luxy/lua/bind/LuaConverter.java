package io.luxy.lua.bind;

import java.util.List;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.api.LuaStrings;
import io.luxy.lua.api.SampleConversions;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.lua.engine.LuaOutcome;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.lua.engine.LuaScope;
import io.luxy.lua.engine.Registrations;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;

/**
 * A {@code core.register_converters} function as the converter {@code lua.NAME}: the input is
 * always cast to a string first, then {@code fn(str, arg1…)} runs in a context that cannot yield
 * (HAPROXY-LUA-API.md 2, 3.3).
 */
final class LuaConverter implements Converter {

    private final Registrations.Entry entry;

    LuaConverter(Registrations.Entry entry) {
        this.entry = entry;
    }

    @Override
    public Sample convert(Sample input, List<String> args, SampleContext ctx) {
        LuaFunctionRef fn = entry.forThread(ctx instanceof ThreadAffinity a ? a.threadIndex() : 0);
        LuaValue[] callArgs = new LuaValue[args.size() + 1];
        callArgs[0] = LuaValue.valueOf(input.asBytes());
        for (int i = 0; i < args.size(); i++) {
            callArgs[i + 1] = LuaStrings.of(args.get(i));
        }
        LuaOutcome out;
        try (LuaScope scope = LuaScope.open()) {
            out = Invocation.call(fn, ExecContext.CONVERTER, LuaValue.varargsOf(callArgs));
        }
        if (!LuaReporter.report("Lua converter '" + entry.name() + "'", fn, out)) {
            return null;
        }
        Varargs v = ((LuaOutcome.Ok) out).values();
        return v.narg() == 0 ? null : SampleConversions.fromLua(v.arg1());
    }
}

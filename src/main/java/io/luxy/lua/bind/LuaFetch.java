package io.luxy.lua.bind;

import java.util.List;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.api.LuaStrings;
import io.luxy.lua.api.SampleConversions;
import io.luxy.lua.api.Txn;
import io.luxy.lua.api.TxnContext;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.lua.engine.LuaOutcome;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.lua.engine.LuaScope;
import io.luxy.lua.engine.Registrations;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleFetch;

/**
 * A {@code core.register_fetches} function as the sample fetch {@code lua.NAME}: called as
 * {@code fn(txn, arg1…)} in a context that cannot yield; no return value makes the fetch fail,
 * other values convert with HAProxy 2.6's rules (HAPROXY-LUA-API.md 3.1, 3.3).
 */
final class LuaFetch implements SampleFetch {

    private final LuaRuntime runtime;
    private final Registrations.Entry entry;

    LuaFetch(LuaRuntime runtime, Registrations.Entry entry) {
        this.runtime = runtime;
        this.entry = entry;
    }

    @Override
    public Sample fetch(SampleContext ctx, List<String> args) {
        TxnContext txn = ctx instanceof TxnContext t ? t : new DetachedTxn(ctx);
        LuaFunctionRef fn = entry.forThread(ctx instanceof ThreadAffinity a ? a.threadIndex() : 0);
        LuaOutcome out;
        try (LuaScope scope = LuaScope.open()) {
            LuaValue[] callArgs = new LuaValue[args.size() + 1];
            callArgs[0] = Txn.create(txn, runtime);
            for (int i = 0; i < args.size(); i++) {
                callArgs[i + 1] = LuaStrings.of(args.get(i));
            }
            out = Invocation.call(fn, ExecContext.SAMPLE_FETCH, LuaValue.varargsOf(callArgs));
        }
        if (!LuaReporter.report("Lua sample-fetch '" + entry.name() + "'", fn, out)) {
            return null;
        }
        Varargs v = ((LuaOutcome.Ok) out).values();
        return v.narg() == 0 ? null : SampleConversions.fromLua(v.arg1());
    }

    /** A TXN view of a sample context that has no transaction slot (private value is not kept). */
    private record DetachedTxn(SampleContext ctx) implements TxnContext {
        @Override
        public java.net.InetSocketAddress source() {
            return ctx.source();
        }

        @Override
        public java.net.InetSocketAddress destination() {
            return ctx.destination();
        }

        @Override
        public boolean hasHttpRequest() {
            return ctx.hasHttpRequest();
        }

        @Override
        public String method() {
            return ctx.method();
        }

        @Override
        public String uri() {
            return ctx.uri();
        }

        @Override
        public List<java.util.Map.Entry<String, String>> requestHeaders() {
            return ctx.requestHeaders();
        }

        @Override
        public io.luxy.sample.Vars vars() {
            return ctx.vars();
        }

        @Override
        public Object luaPriv() {
            return null;
        }

        @Override
        public void luaPriv(Object value) {
        }
    }
}

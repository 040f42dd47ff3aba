package io.luxy.lua.bind;

import java.util.List;

import org.luaj.vm2.LuaValue;

import io.luxy.lua.api.Act;
import io.luxy.lua.api.LuaStrings;
import io.luxy.lua.api.Reply;
import io.luxy.lua.api.Txn;
import io.luxy.lua.api.TxnContext;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.lua.engine.LuaOutcome;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.lua.engine.LuaScope;
import io.luxy.lua.engine.Registrations;

/**
 * Runs {@code core.register_action} functions for {@code http-request lua.NAME [args]}: called as
 * {@code fn(txn, arg1…)} on a virtual thread (it may block). An error, an execution timeout
 * ({@code tune.lua.session-timeout}) or an out-of-memory aborts the action only and the rules go on
 * (HAPROXY-LUA-API.md 3.14); the returned value is read as an {@code act.*} code. The TXN object
 * and sockets the action opened die when it returns.
 */
public final class LuaActions {

    private LuaActions() {
    }

    /**
     * What an action decided: its {@code act.*} result (DONE after {@code txn:done()}) and the
     * reply given to {@code txn:done(reply)}, or null.
     */
    public record Outcome(Act.Result result, Reply.Response reply) {
    }

    /** Runs the action and returns its result (CONTINUE after an error, as HAProxy). */
    public static Act.Result run(LuaRuntime rt, Registrations.Entry entry, TxnContext txn, List<String> args, int threadIndex) {
        return runAction(rt, entry, txn, args, threadIndex).result();
    }

    /** Runs a request-side action; like {@link #run} and also reports {@code txn:done(reply)}. */
    public static Outcome runAction(LuaRuntime rt, Registrations.Entry entry, TxnContext txn, List<String> args, int threadIndex) {
        return runAction(rt, entry, txn, args, threadIndex, false);
    }

    /**
     * Runs the action; {@code response} is true for {@code http-response} (and
     * {@code http-after-response}) rules, where {@code txn.http} offers the {@code res_*} functions.
     */
    public static Outcome runAction(LuaRuntime rt, Registrations.Entry entry, TxnContext txn, List<String> args, int threadIndex,
            boolean response) {
        LuaFunctionRef fn = entry.forThread(threadIndex);
        LuaOutcome out;
        try (LuaScope scope = LuaScope.open()) {
            LuaValue[] callArgs = new LuaValue[args.size() + 1];
            callArgs[0] = Txn.create(txn, rt, response);
            for (int i = 0; i < args.size(); i++) {
                callArgs[i + 1] = LuaStrings.of(args.get(i));
            }
            out = Invocation.call(fn, ExecContext.ACTION, LuaValue.varargsOf(callArgs));
            Txn t = Txn.of(callArgs[0]);
            if (t.done()) {
                return new Outcome(Act.Result.DONE, t.reply());
            }
        }
        if (!LuaReporter.report("Lua function '" + entry.name() + "'", fn, out)) {
            return new Outcome(Act.Result.CONTINUE, null);
        }
        return new Outcome(Act.of(((LuaOutcome.Ok) out).values().arg1()), null);
    }
}

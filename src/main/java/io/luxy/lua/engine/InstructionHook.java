package io.luxy.lua.engine;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The instruction-count hook that enforces {@code tune.lua.*} (HAProxy: {@code hlua_hook} set with
 * {@code lua_sethook(LUA_MASKCOUNT)}). LuaJ's interpreter calls {@code globals.debuglib} before
 * every instruction; this subclass is installed there without exposing the {@code debug} library
 * to scripts. The per-instruction cost is one decrement: every {@link #CHECK_EVERY} instructions
 * it asks the state's running {@link Invocation} to check its clock, its allocation budget and
 * whether a forced yield is due.
 * <p>
 * When a real {@code debug} library was loaded first, calls are forwarded to it so that
 * {@code debug.traceback} keeps working. LuaJ appends {@code debuglib.traceback()} to every error
 * message when a debug library is present, which would change what {@code pcall} returns; an
 * identity error handler on the main coroutine keeps messages as plain Lua 5.3 gives them.
 */
final class InstructionHook extends DebugLib {

    /** Instructions between two limit checks (a clock read, and an allocation sample with maxmem). */
    static final int CHECK_EVERY = 1000;

    private final LuaState state;
    private final DebugLib delegate;
    private int countdown = CHECK_EVERY;

    private InstructionHook(LuaState state, DebugLib delegate) {
        this.state = state;
        this.delegate = delegate;
    }

    /** Installs the hook into {@code state}'s globals. */
    static void install(LuaState state) {
        Globals g = state.globals();
        DebugLib existing = g.debuglib instanceof InstructionHook h ? h.delegate : g.debuglib;
        g.debuglib = new InstructionHook(state, existing);
        if (existing == null && g.running != null && g.running.errorfunc == null) {
            g.running.errorfunc = new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return args.arg1();
                }
            };
        }
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (--countdown <= 0) {
            Invocation inv = state.running();
            // once timed out, check at every instruction: the error then also hits the code
            // around a pcall that keeps catching it, so a loop of pcalls ends too
            countdown = inv != null && inv.timedOut() ? 1 : CHECK_EVERY;
            if (inv != null) {
                inv.onInstructions(CHECK_EVERY);
            }
        }
        if (delegate != null) {
            delegate.onInstruction(pc, v, top);
        }
    }

    @Override
    public void onCall(LuaFunction f) {
        if (delegate != null) {
            delegate.onCall(f);
        }
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (delegate != null) {
            delegate.onCall(c, varargs, stack);
        }
    }

    @Override
    public void onReturn() {
        if (delegate != null) {
            delegate.onReturn();
        }
    }

    @Override
    public String traceback(int level) {
        return delegate != null ? delegate.traceback(level) : "";
    }
}

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
 * to scripts. Each instruction ticks the state's {@link LimitTicks} (one decrement; every
 * {@link LimitTicks#CHECK_EVERY} ticks the running {@link Invocation} checks its clock, its
 * allocation budget and whether a forced yield is due). Code compiled by luajc never calls this
 * hook and ticks the same {@link LimitTicks} itself ({@link LimitInstrumenter}).
 * <p>
 * When a real {@code debug} library was loaded first, calls are forwarded to it so that
 * {@code debug.traceback} keeps working. LuaJ appends {@code debuglib.traceback()} to every error
 * message when a debug library is present, which would change what {@code pcall} returns; an
 * identity error handler on the main coroutine keeps messages as plain Lua 5.3 gives them.
 */
final class InstructionHook extends DebugLib {

    private final LimitTicks ticks;
    private final DebugLib delegate;

    private InstructionHook(LimitTicks ticks, DebugLib delegate) {
        this.ticks = ticks;
        this.delegate = delegate;
    }

    /** Installs the hook into {@code state}'s globals. */
    static void install(LuaState state) {
        Globals g = state.globals();
        DebugLib existing = g.debuglib instanceof InstructionHook h ? h.delegate : g.debuglib;
        LimitTicks ticks = g.debuglib instanceof InstructionHook h ? h.ticks : new LimitTicks(state);
        g.debuglib = new InstructionHook(ticks, existing);
        if (existing == null && g.running != null && g.running.errorfunc == null) {
            g.running.errorfunc = new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return args.arg1();
                }
            };
        }
    }

    /** The limit countdown of {@code globals}' state, or null when no hook is installed there. */
    static LimitTicks ticksOf(Globals g) {
        return g.debuglib instanceof InstructionHook h ? h.ticks : null;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        ticks.tick();
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

package io.luxy.lua.engine;

import org.luaj.vm2.Globals;

/**
 * The per-state countdown behind {@code tune.lua.*} (HAProxy: {@code hlua_hook}, run every
 * {@code lua_sethook(LUA_MASKCOUNT)} instructions). Interpreted code ticks it once per Lua
 * instruction ({@link InstructionHook}); code compiled by luajc ticks it at every function entry
 * and every backward jump ({@link LimitInstrumenter}), so a loop or a recursion always reaches a
 * check. Every {@link #CHECK_EVERY} ticks it asks the state's running {@link Invocation} to check
 * its clock, its allocation budget and whether a forced yield is due; the fast path is one
 * decrement. Public because compiled classes, defined in their own class loaders, call
 * {@link #tick()}.
 */
public final class LimitTicks {

    /** Ticks between two limit checks (a clock read, and an allocation sample with maxmem). */
    static final int CHECK_EVERY = 1000;

    private final LuaState state;
    private int countdown = CHECK_EVERY;

    LimitTicks(LuaState state) {
        this.state = state;
    }

    /**
     * One unit of Lua work done. Throws {@link LuaLimitError} when the running invocation is over
     * a limit; may release and retake the state's lock (forced yield).
     */
    public void tick() {
        if (--countdown <= 0) {
            check();
        }
    }

    private void check() {
        Invocation inv = state.running();
        // once timed out, check at every tick: the error then also hits the code around a pcall
        // that keeps catching it, so a loop of pcalls ends too
        countdown = inv != null && inv.timedOut() ? 1 : CHECK_EVERY;
        if (inv != null) {
            inv.onInstructions(CHECK_EVERY);
        }
    }

    /** The globals of the state these ticks belong to (for error handlers). */
    Globals globals() {
        return state.globals();
    }
}

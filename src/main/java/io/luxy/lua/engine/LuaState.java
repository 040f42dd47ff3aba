package io.luxy.lua.engine;

import java.util.concurrent.locks.ReentrantLock;

import org.luaj.vm2.Globals;

/**
 * One Lua state (LuaJ {@link Globals}) and the lock that lets one invocation execute Lua in it
 * at a time, as HAProxy's {@code hlua_lock} does for the shared {@code lua-load} state. The lock
 * is released while an invocation waits on I/O or a timer, and at each forced yield
 * ({@code tune.lua.forced-yield}), so other invocations run meanwhile. The lock is fair: a forced
 * yield hands the state to the invocations already waiting, as HAProxy's scheduler runs other
 * tasks before resuming a yielded one. State 0 is the shared state; {@code lua-load-per-thread}
 * states are numbered from 1 (HAProxy: {@code core.thread}).
 */
public final class LuaState {

    private final int id;
    private final Globals globals;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean loading = true;
    private volatile Limits limits = Limits.DEFAULTS;
    private volatile Invocation running;

    /** Wraps {@code globals} (libraries already loaded) and installs the limits hook into it. */
    public LuaState(int id, Globals globals) {
        this.id = id;
        this.globals = globals;
        InstructionHook.install(this);
    }

    /** The state id printed in error messages ({@code [state-id N]}). */
    public int id() {
        return id;
    }

    /** The LuaJ globals of this state. */
    public Globals globals() {
        return globals;
    }

    ReentrantLock lock() {
        return lock;
    }

    /** True while scripts' main chunks run: {@code core.register_*} is allowed only then. */
    public boolean loading() {
        return loading;
    }

    /** Ends the body context: registrations are closed from now on. */
    public void endLoading() {
        loading = false;
    }

    /** The {@code tune.lua.*} limits invocations in this state obey. */
    public Limits limits() {
        return limits;
    }

    /** Sets the limits (done by the runtime before scripts run). */
    public void limits(Limits l) {
        limits = l;
        LimitTicks ticks = InstructionHook.ticksOf(globals);
        if (ticks != null) {
            ticks.limits(l.maxmemBytes());
        }
    }

    /**
     * Re-installs the limits hook; call after anything replaced {@code globals.debuglib} (e.g.
     * loading LuaJ's debug library), which the hook then forwards to.
     */
    public void reinstallHook() {
        InstructionHook.install(this);
    }

    /** The invocation holding the lock, or null. Read by the hook, from any thread. */
    Invocation running() {
        return running;
    }

    void running(Invocation inv) {
        running = inv;
    }
}

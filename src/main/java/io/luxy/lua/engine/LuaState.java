package io.luxy.lua.engine;

import java.util.concurrent.locks.ReentrantLock;

import org.luaj.vm2.Globals;

/**
 * One Lua state (LuaJ {@link Globals}) and the lock that lets one invocation execute Lua in it
 * at a time, as HAProxy's {@code hlua_lock} does for the shared {@code lua-load} state. The lock
 * is released while an invocation waits on I/O or a timer, so other invocations run meanwhile.
 * State 0 is the shared state; {@code lua-load-per-thread} states are numbered from 1 (HAProxy:
 * {@code core.thread}).
 */
public final class LuaState {

    private final int id;
    private final Globals globals;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean loading = true;

    public LuaState(int id, Globals globals) {
        this.id = id;
        this.globals = globals;
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
}

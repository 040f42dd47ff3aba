package io.luxy.lua.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The lifetime of the objects given to or created by one transaction's Lua call (an action,
 * fetch, converter or service run): TXN, applets, Fetches/Converters, sockets… Objects wrapped by
 * {@link LuaObject#wrap} while a scope is open on the thread belong to it; when the scope closes
 * they are dead and {@link LuaObject#check} raises "object used outside of proper scope" instead
 * of touching freed state (STYLE.md rule 5, Envoy's {@code checkDead/markDead}). Resources such as
 * sockets the script did not close are closed then, as HAProxy does at the end of a stream.
 * Tasks, init functions and the main chunk run without a scope: their objects live on.
 */
public final class LuaScope implements AutoCloseable {

    /** A wrapped object that must be released when its scope ends (e.g. a Socket). */
    public interface Resource {
        /** Releases what the object holds; called once, after the object became unusable. */
        void scopeEnded();
    }

    /** The message HAProxy-style scripts get when they use a dead object. */
    public static final String OUT_OF_SCOPE = "object used outside of proper scope";

    private static final ThreadLocal<LuaScope> CURRENT = new ThreadLocal<>();

    private final LuaScope previous;
    private volatile boolean alive = true;
    private List<Resource> resources;

    private LuaScope(LuaScope previous) {
        this.previous = previous;
    }

    /** Opens a scope on the current thread; close it (try-with-resources) when the call is over. */
    public static LuaScope open() {
        LuaScope s = new LuaScope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The scope open on this thread, or null (task, init, body, LuaJ coroutine thread). */
    static LuaScope current() {
        return CURRENT.get();
    }

    /** False once closed. */
    public boolean alive() {
        return alive;
    }

    synchronized void register(Resource r) {
        if (!alive) {
            r.scopeEnded();
            return;
        }
        if (resources == null) {
            resources = new ArrayList<>(2);
        }
        resources.add(r);
    }

    /** Kills the scope's objects, releases its resources and restores the enclosing scope. */
    @Override
    public void close() {
        List<Resource> toRelease;
        synchronized (this) {
            if (!alive) {
                return;
            }
            alive = false;
            toRelease = resources;
            resources = null;
        }
        if (CURRENT.get() == this) {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
        if (toRelease != null) {
            for (Resource r : toRelease) {
                try {
                    r.scopeEnded();
                } catch (RuntimeException e) {
                    // releasing is best effort: the object is dead anyway
                }
            }
        }
    }
}

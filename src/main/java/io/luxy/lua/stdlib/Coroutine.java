package io.luxy.lua.stdlib;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.luxy.lua.engine.LoopThreads;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.OrphanedThread;
import org.luaj.vm2.Varargs;

/**
 * A Lua coroutine ({@code type(co) == "thread"}) whose body runs on a virtual thread of its own,
 * handed over with park/unpark so exactly one of the resumer and the coroutine runs at a time.
 * LuaJ 3.0.1 starts a platform thread per coroutine (TOOLCHAIN.md 4a); a virtual thread costs
 * a few hundred bytes while suspended. The body's thread references only a {@link Body}, never
 * this object, so a coroutine that Lua code drops is found by the {@link Cleaner}, and its
 * thread is woken to unwind with {@link OrphanedThread} (which {@code pcall} does not catch).
 */
final class Coroutine extends LuaThread {

    static final int SUSPENDED = 0;
    static final int RUNNING = 1;
    static final int NORMAL = 2;
    static final int DEAD = 3;
    private static final String[] NAMES = {"suspended", "running", "normal", "dead"};

    /** Live coroutine threads in the JVM (started and not finished). */
    static final AtomicInteger LIVE = new AtomicInteger();
    /** At most this many coroutine threads may be alive at once (memory bound). */
    static final int MAX_LIVE = 1_000_000;

    private static final Cleaner CLEANER = Cleaner.create(LoopThreads.jdkScheduled("lua-coroutine-cleaner"));
    private static final ThreadLocal<Body> CURRENT = new ThreadLocal<>();

    final Body body;

    Coroutine(Globals globals, LuaValue function) {
        super(globals, function);
        this.body = new Body(function, new WeakReference<>(this));
        LuaThread creator = globals.running;
        if (creator != null && creator.state != null) { // a new thread inherits its creator's hook, as lua_newthread does
            state.hookfunc = creator.state.hookfunc;
            state.hookcount = creator.state.hookcount;
            state.hookcall = creator.state.hookcall;
            state.hookline = creator.state.hookline;
            state.hookrtrn = creator.state.hookrtrn;
        }
        CLEANER.register(this, body::abandon);
    }

    /** The coroutine running on the calling thread, or null on a main (non-coroutine) thread. */
    static Coroutine current() {
        Body b = CURRENT.get();
        return b == null ? null : b.owner.get();
    }

    @Override
    public String getStatus() {
        return NAMES[body.status];
    }

    @Override
    public boolean isMainThread() {
        return false;
    }

    /**
     * {@code coroutine.resume(co, ...)}: runs the body until it yields, returns or fails.
     * Returns {@code true, values…} or {@code false, error}, as Lua 5.3.
     */
    @Override
    public Varargs resume(Varargs args) {
        Body b = body;
        if (b.status != SUSPENDED) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(
                    b.status == DEAD ? "cannot resume dead coroutine" : "cannot resume non-suspended coroutine"));
        }
        Globals g = globals;
        LuaThread previous = g.running;
        Body outer = CURRENT.get();
        if (outer != null) {
            outer.status = NORMAL;
        }
        g.running = this;
        try {
            return b.resume(args);
        } finally {
            g.running = previous;
            if (outer != null) {
                outer.status = RUNNING;
            }
        }
    }

    /** {@code coroutine.yield(...)} from the calling coroutine. */
    static Varargs yield(Varargs values) {
        Body b = CURRENT.get();
        if (b == null) {
            throw new LuaError("attempt to yield from outside a coroutine");
        }
        return b.yield(values);
    }

    /** The thread side of a coroutine: the hand-over fields, reachable from the running body. */
    static final class Body implements Runnable {
        private final LuaValue function;
        final WeakReference<Coroutine> owner;
        volatile int status = SUSPENDED;
        /** True while the coroutine has the turn; the resumer waits for it to become false. */
        private volatile boolean coroutineTurn;
        private volatile boolean abandoned;
        private Thread thread;
        private Thread resumer;
        private Varargs transfer = LuaValue.NONE;
        private LuaValue error;

        Body(LuaValue function, WeakReference<Coroutine> owner) {
            this.function = function;
            this.owner = owner;
        }

        Varargs resume(Varargs args) {
            resumer = Thread.currentThread();
            transfer = args;
            error = null;
            status = RUNNING;
            coroutineTurn = true;
            if (thread == null) {
                if (LIVE.incrementAndGet() > MAX_LIVE) {
                    LIVE.decrementAndGet();
                    status = DEAD;
                    coroutineTurn = false;
                    return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("too many coroutines"));
                }
                thread = LoopThreads.start(this);
            } else {
                LockSupport.unpark(thread);
            }
            boolean interrupted = false;
            while (coroutineTurn) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Varargs out = transfer;
            transfer = LuaValue.NONE;
            resumer = null;
            if (error != null) {
                LuaValue e = error;
                error = null;
                return LuaValue.varargsOf(LuaValue.FALSE, e);
            }
            return LuaValue.varargsOf(LuaValue.TRUE, out);
        }

        Varargs yield(Varargs values) {
            transfer = values;
            status = SUSPENDED;
            Thread r = resumer;
            coroutineTurn = false;
            LockSupport.unpark(r);
            while (!coroutineTurn) {
                LockSupport.park(this);
                if (abandoned) {
                    throw new OrphanedThread();
                }
            }
            Varargs in = transfer;
            transfer = LuaValue.NONE;
            return in;
        }

        @Override
        public void run() {
            CURRENT.set(this);
            try {
                Varargs a = transfer;
                transfer = LuaValue.NONE;
                transfer = function.invoke(a);
            } catch (OrphanedThread e) {
                return; // abandoned while suspended: nobody waits
            } catch (LuaError e) {
                LuaValue m = LuaErrors.value(e);
                error = m == null ? LuaValue.NIL : m;
            } catch (StackOverflowError e) {
                error = LuaValue.valueOf("stack overflow");
            } catch (RuntimeException e) {
                error = LuaValue.valueOf(String.valueOf(e.getMessage() != null ? e.getMessage() : e));
            } finally {
                LIVE.decrementAndGet();
                status = DEAD;
                if (!abandoned) {
                    Thread r = resumer;
                    coroutineTurn = false;
                    LockSupport.unpark(r);
                }
            }
        }

        /** Called by the cleaner when Lua code can no longer reach the coroutine. */
        void abandon() {
            abandoned = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}

package io.luxy.lua.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.Varargs;

/**
 * One run of a registered Lua function (an action, fetch, converter, service, task or init) on
 * the calling thread, holding its state's lock while Lua executes. Blocking API calls go through
 * {@link #await}: the lock is released while waiting, so other invocations of a shared
 * {@code lua-load} state run meanwhile, as HAProxy's yields let other coroutines run
 * (STYLE.md rule 8).
 * <p>
 * Limits ({@code tune.lua.*}, HAProxy {@code hlua_ctx_resume}/{@code hlua_hook}/{@code hlua_alloc}):
 * {@link LimitTicks} calls {@link #onInstructions} every thousand instructions, and
 * {@link #onReserve} before big allocations. The invocation then
 * <ul>
 * <li>raises the Lua error "execution timeout" once it has run longer than its context's timeout,
 * and again at every later check: {@code pcall} may catch it, as in HAProxy 2.6, but a loop
 * cannot go on. Its clock runs while it executes Lua and while it waits for its turn after a
 * forced yield (it is runnable, as a forced-yielded HAProxy task in the run queue); it stops
 * while it waits for I/O, a sleep, {@code core.yield()} or the lock before it first runs. So
 * a looping invocation ends about one timeout after it started, however many others share the
 * state (measured: src/bench/faults.sh);</li>
 * <li>raises "not enough memory" when what it holds passes {@code tune.lua.maxmem}, counted from
 * when it started, last waited (I/O, sleep, yield) or last failed this way: before a
 * {@linkplain LimitTicks#reserve reserved} allocation (a string or array growing with its input)
 * that would take it over, and at the periodic checks. What it holds is approximated from what
 * its thread allocated ({@link AllocationMeter}): allocations that went through a collection
 * count for at most the heap's growth over it (garbage is forgotten, kept objects are not);
 * those since the last collection count beyond the young generation's size or twice maxmem,
 * or as much as a reservation's size (see {@link #overBudget});</li>
 * <li>every {@code tune.lua.forced-yield} instructions, in contexts that may yield (actions,
 * services, tasks), releases the state's lock when other invocations wait for it and queues
 * behind them (fair lock), so a busy script cannot starve the requests sharing its state.</li>
 * </ul>
 */
public final class Invocation {

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private final LuaState state;
    private final ExecContext context;
    private final String name;
    private final long timeoutNanos;
    private final long maxmemBytes;
    private final long forcedYield;
    private volatile WaitReason waitReason = WaitReason.LOCK;
    private volatile boolean timedOut;
    private long runNanos;
    private long runningSince;
    private long sinceYield;
    /** Bytes charged for allocations that went through a collection (at most the heap's growth). */
    private long allocRetained;
    /** Bytes allocated since the last collection this invocation saw. */
    private long allocFresh;
    private long allocThread = -1;
    private long allocLast;
    private long gcSeen = -1;
    private long gcRetainedSeen;

    private Invocation(LuaState state, ExecContext context, String name) {
        this.state = state;
        this.context = context;
        this.name = name;
        Limits limits = state.limits();
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(limits.timeoutMs(context));
        this.maxmemBytes = limits.maxmemBytes();
        this.forcedYield = limits.forcedYield() > 0 ? limits.forcedYield() : Long.MAX_VALUE;
    }

    /**
     * Calls {@code fn} with {@code args} in context {@code ctx}: takes the state's lock, runs,
     * and turns every way of ending into a {@link LuaOutcome}. Never throws for Lua errors.
     */
    public static LuaOutcome call(LuaFunctionRef fn, ExecContext ctx, Varargs args) {
        Invocation inv = new Invocation(fn.state(), ctx, fn.name());
        Invocation previous = CURRENT.get();
        CURRENT.set(inv);
        LuaState state = fn.state();
        ReentrantLock lock = state.lock();
        lock.lock();
        Invocation outer = lock.getHoldCount() > 1 ? state.running() : null;
        inv.resumed();
        try {
            return new LuaOutcome.Ok(fn.function().invoke(args));
        } catch (LuaLimitError e) {
            return e.kind() == LuaLimitError.Kind.TIMEOUT ? new LuaOutcome.ExecTimeout(e.getMessage()) : new LuaOutcome.OutOfMemory();
        } catch (CoreDone done) {
            return new LuaOutcome.Ok(done.value());
        } catch (YieldNotAllowed e) {
            return new LuaOutcome.YieldNotAllowed();
        } catch (LuaError e) {
            if (e.getCause() instanceof CoreDone done) {
                return new LuaOutcome.Ok(done.value());
            }
            return new LuaOutcome.Failed(e.getMessage());
        } catch (StackOverflowError e) {
            return new LuaOutcome.Failed("stack overflow");
        } catch (OutOfMemoryError e) {
            return new LuaOutcome.OutOfMemory(); // the JVM heap, when tune.lua.maxmem is not set
        } catch (RuntimeException e) {
            return new LuaOutcome.Failed(String.valueOf(e));
        } finally {
            state.running(outer);
            lock.unlock();
            CURRENT.set(previous);
        }
    }

    /** The invocation running on this thread, or null outside Lua. */
    public static Invocation current() {
        return CURRENT.get();
    }

    /** The execution context of this invocation. */
    public ExecContext context() {
        return context;
    }

    /** The state this invocation runs in. */
    public LuaState state() {
        return state;
    }

    /** The registered name of the function (for messages). */
    public String name() {
        return name;
    }

    /**
     * What the invocation is waiting for now (RUNNING while it executes Lua or waits for its turn
     * after a forced yield: the time its clock runs).
     */
    public WaitReason waitReason() {
        return waitReason;
    }

    /** True once this invocation exceeded its execution timeout. */
    boolean timedOut() {
        return timedOut;
    }

    /** Nanoseconds counted against this invocation's timeout so far (see the class comment). */
    public long runNanos() {
        return waitReason == WaitReason.RUNNING ? runNanos + (System.nanoTime() - runningSince) : runNanos;
    }

    /**
     * Waits for {@code future} without holding the state's lock, at most {@code timeoutMs}
     * milliseconds (0 = no limit). Returns null on timeout. Raises {@link YieldNotAllowed}
     * in a fetch or converter. Errors of the future are rethrown as {@link LuaError}.
     */
    public <T> T await(WaitReason why, CompletableFuture<T> future, long timeoutMs) {
        checkMayBlock();
        int holds = release(why);
        try {
            return timeoutMs > 0 ? future.get(timeoutMs, TimeUnit.MILLISECONDS) : future.get();
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new LuaError(cause == null ? e.toString() : String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LuaError("interrupted");
        } finally {
            reacquire(holds);
        }
    }

    /**
     * Runs a waiting action (e.g. on a condition) without holding the state's lock.
     * Same rules as {@link #await}.
     */
    public void blockingWait(WaitReason why, InterruptibleWait waiter) {
        checkMayBlock();
        int holds = release(why);
        try {
            waiter.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LuaError("interrupted");
        } finally {
            reacquire(holds);
        }
    }

    /** Throws {@link YieldNotAllowed} when this context cannot wait. Body and init may block. */
    public void checkMayBlock() {
        if (timedOut) {
            throw new LuaLimitError(LuaLimitError.Kind.TIMEOUT);
        }
        if (context == ExecContext.SAMPLE_FETCH || context == ExecContext.CONVERTER) {
            throw new YieldNotAllowed();
        }
    }

    /**
     * Called by the hook after {@code n} more instructions, on the thread executing Lua (the
     * invocation's own, or a LuaJ coroutine thread it resumed). Throws {@link LuaLimitError}
     * when a limit is exceeded; may release and retake the state's lock (forced yield).
     */
    void onInstructions(int n) {
        checkTimeout();
        if (maxmemBytes > 0) {
            countAllocations();
            if (overBudget(0)) {
                outOfMemory();
            }
        }
        work(n);
    }

    /**
     * Called before Lua allocates about {@code bytes} ({@link LimitTicks#reserve}), after
     * {@code ticks} ticks' worth of reserved work. Throws "execution timeout" past the timeout,
     * and "not enough memory" when {@code bytes} would take the invocation over
     * {@code tune.lua.maxmem}, or over what the JVM can allocate in one piece. Then, when the
     * work brings a forced yield due, yields before the allocation and its copy (a 32 MB
     * {@code ..} takes milliseconds; the requests waiting for the state go first).
     */
    void onReserve(long bytes, int ticks) {
        checkTimeout();
        if (bytes > LimitTicks.MAX_ALLOCATION) {
            outOfMemory();
        }
        if (maxmemBytes > 0) {
            countAllocations();
            if (overBudget(bytes)) {
                outOfMemory();
            }
        }
        work(ticks);
    }

    /** {@code n} more ticks of work: a forced yield when {@code tune.lua.forced-yield} is due. */
    private void work(long n) {
        sinceYield += n;
        if (sinceYield >= forcedYield) {
            sinceYield = 0;
            if (context.mayYield()) {
                forcedYield();
            }
        }
    }

    private void checkTimeout() {
        if (timedOut || timeoutNanos > 0 && runNanos + (System.nanoTime() - runningSince) > timeoutNanos) {
            timedOut = true;
            throw new LuaLimitError(LuaLimitError.Kind.TIMEOUT);
        }
    }

    /**
     * Counts what this thread (its carrier) allocated since the last sample. When collections
     * ran since the last count, what was allocated before them is charged at most the heap's
     * growth over them ({@link AllocationMeter}): garbage is forgotten, kept objects are not.
     */
    private void countAllocations() {
        AllocationMeter.Sample s = AllocationMeter.sample();
        long delta = s.threadId() == allocThread && s.bytes() >= allocLast ? s.bytes() - allocLast : 0;
        allocThread = s.threadId();
        allocLast = s.bytes();
        long gcs = AllocationMeter.gcCount();
        if (gcs != gcSeen) {
            long retained = AllocationMeter.gcRetained();
            allocRetained += Math.min(allocFresh + delta, retained - gcRetainedSeen);
            allocFresh = 0;
            gcSeen = gcs;
            gcRetainedSeen = retained;
        } else {
            allocFresh += delta;
        }
    }

    /**
     * True when what the invocation holds, plus {@code bytes} about to be allocated, is over
     * maxmem. Before an allocation of a quarter of maxmem or more, all it allocated since the
     * last collection counts (a bomb stops at once). Otherwise, of what it allocated since the
     * last collection, up to twice maxmem may be garbage, and no more than the young generation
     * holds (only a collection tells); at least as much as the reservation is taken as held,
     * since a string or array that grows with its input is built from live values of about its
     * size. So an invocation that keeps what it allocates is stopped by 3 x maxmem at the latest,
     * and one that churns garbage fails only past twice maxmem of it between two collections.
     */
    private boolean overBudget(long bytes) {
        if (allocRetained + allocFresh + bytes <= maxmemBytes) {
            return false;
        }
        if (bytes >= maxmemBytes / 4) {
            return true;
        }
        long garbage = Math.min(AllocationMeter.youngCapacity(), 2 * maxmemBytes);
        long fresh = Math.max(allocFresh - garbage, Math.min(allocFresh, bytes));
        return allocRetained + fresh + bytes > maxmemBytes;
    }

    private void outOfMemory() {
        allocRetained = 0; // what the failed code allocated is garbage now, as after Lua's GC
        allocFresh = 0;
        throw new LuaLimitError(LuaLimitError.Kind.MEMORY);
    }

    /**
     * HAProxy's forced yield: lets the invocations waiting for this state run first. When nobody
     * waits for the state, a virtual thread still yields its carrier: virtual threads are not
     * preempted, so a long-running script would otherwise keep a carrier from every other
     * invocation, task and coroutine of the process. Neither stops the clock nor resets the
     * allocation count: the invocation stays runnable and keeps what it allocated. What others
     * run and allocate on the carrier meanwhile is not counted (the meter restarts after).
     */
    private void forcedYield() {
        ReentrantLock lock = state.lock();
        if (lock.isHeldByCurrentThread() && lock.hasQueuedThreads()) {
            int holds = lock.getHoldCount(); // waitReason stays RUNNING: the clock runs
            state.running(null);
            for (int i = 0; i < holds; i++) {
                lock.unlock();
            }
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
            state.running(this);
        } else if (Thread.currentThread().isVirtual()) {
            Thread.yield();
        } else {
            return;
        }
        if (maxmemBytes > 0) {
            allocThread = -1;
            countAllocations(); // a new baseline
        }
    }

    /** Stops the clock, resets the allocation budget and releases every hold of the lock. */
    private int release(WaitReason why) {
        runNanos += System.nanoTime() - runningSince;
        allocRetained = 0;
        allocFresh = 0;
        waitReason = why;
        ReentrantLock lock = state.lock();
        int holds = lock.getHoldCount();
        if (holds > 0) {
            state.running(null);
        }
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        return holds;
    }

    private void reacquire(int holds) {
        waitReason = WaitReason.LOCK;
        ReentrantLock lock = state.lock();
        for (int i = 0; i < holds; i++) {
            lock.lock();
        }
        resumed();
    }

    /** The lock is held again: this invocation runs, its clock and allocation meter restart. */
    private void resumed() {
        state.running(this);
        allocThread = -1;
        if (maxmemBytes > 0) {
            countAllocations(); // the baseline: what this invocation allocates from here is counted
        }
        runningSince = System.nanoTime();
        waitReason = WaitReason.RUNNING;
    }

    /** A wait that may be interrupted. */
    @FunctionalInterface
    public interface InterruptibleWait {
        void await() throws InterruptedException;
    }
}

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
 * (STYLE.md rule 8). Invocations that may block run on virtual threads.
 */
public final class Invocation {

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private final LuaState state;
    private final ExecContext context;
    private final String name;
    private volatile WaitReason waitReason = WaitReason.RUNNING;

    private Invocation(LuaState state, ExecContext context, String name) {
        this.state = state;
        this.context = context;
        this.name = name;
    }

    /**
     * Calls {@code fn} with {@code args} in context {@code ctx}: takes the state's lock, runs,
     * and turns every way of ending into a {@link LuaOutcome}. Never throws for Lua errors.
     */
    public static LuaOutcome call(LuaFunctionRef fn, ExecContext ctx, Varargs args) {
        Invocation inv = new Invocation(fn.state(), ctx, fn.name());
        Invocation previous = CURRENT.get();
        CURRENT.set(inv);
        ReentrantLock lock = fn.state().lock();
        lock.lock();
        try {
            return new LuaOutcome.Ok(fn.function().invoke(args));
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
        } catch (RuntimeException e) {
            return new LuaOutcome.Failed(String.valueOf(e));
        } finally {
            lock.unlock();
            CURRENT.set(previous);
        }
    }

    /** Runs {@code body} as the current invocation of {@code state} (for main chunks). */
    public static <T> T withState(LuaState state, ExecContext ctx, String name, java.util.function.Supplier<T> body) {
        Invocation inv = new Invocation(state, ctx, name);
        Invocation previous = CURRENT.get();
        CURRENT.set(inv);
        state.lock().lock();
        try {
            return body.get();
        } finally {
            state.lock().unlock();
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

    /** What the invocation is waiting for now (RUNNING while it executes Lua). */
    public WaitReason waitReason() {
        return waitReason;
    }

    /**
     * Waits for {@code future} without holding the state's lock, at most {@code timeoutMs}
     * milliseconds (0 = no limit). Returns null on timeout. Raises {@link YieldNotAllowed}
     * in a fetch or converter. Errors of the future are rethrown as {@link LuaError}.
     */
    public <T> T await(WaitReason why, CompletableFuture<T> future, long timeoutMs) {
        checkMayBlock();
        ReentrantLock lock = state.lock();
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        waitReason = why;
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
            waitReason = WaitReason.LOCK;
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
            waitReason = WaitReason.RUNNING;
        }
    }

    /**
     * Runs a waiting action (e.g. on a condition) without holding the state's lock.
     * Same rules as {@link #await}.
     */
    public void blockingWait(WaitReason why, InterruptibleWait waiter) {
        checkMayBlock();
        ReentrantLock lock = state.lock();
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        waitReason = why;
        try {
            waiter.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LuaError("interrupted");
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
            waitReason = WaitReason.RUNNING;
        }
    }

    /** Throws {@link YieldNotAllowed} when this context cannot wait. Body and init may block. */
    public void checkMayBlock() {
        if (context == ExecContext.SAMPLE_FETCH || context == ExecContext.CONVERTER) {
            throw new YieldNotAllowed();
        }
    }

    /** A wait that may be interrupted. */
    @FunctionalInterface
    public interface InterruptibleWait {
        void await() throws InterruptedException;
    }
}

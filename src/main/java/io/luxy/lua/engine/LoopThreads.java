package io.luxy.lua.engine;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Starts the virtual threads that run Lua (rules, services, coroutines) on the Vert.x event loop
 * of the stream that needs them, as HAProxy runs a stream's Lua on the thread that owns it.
 *
 * <p>A virtual thread's scheduler decides which OS thread carries it. The JDK's default scheduler
 * is a ForkJoinPool of its own, so every Lua call costs two hand-offs between OS threads (the
 * event loop wakes a carrier, then the carrier wakes the event loop's selector with a syscall)
 * and on one core the two threads take turns in time slices. Here the scheduler is the event
 * loop itself ({@link io.netty.channel.EventLoop} is an {@link Executor}): the virtual thread
 * runs as one of the loop's tasks, parks (socket wait, sleep, yield, lock) by giving the loop
 * back, and its results reach the loop's queue while the loop is awake, with no wake-up.
 *
 * <p>The JDK has no public API to choose a virtual thread's scheduler yet (JDK 25): this uses
 * the package-private {@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)}
 * constructor, which needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (set in the
 * jar's manifest, Maven's test and dev-mode JVMs). Without it, or off an event loop, threads
 * start on the default scheduler as before: same behaviour, slower.
 *
 * <p>Constraint this places on Lua code paths: a virtual thread that blocks while pinned to its
 * carrier (inside a native frame or a class initializer, or in blocking pipe I/O) blocks the event
 * loop too; parking (locks, futures, sleeps, {@code Thread.yield}) is fine. Calls that may block
 * that way go through {@link #offLoop}.
 */
public final class LoopThreads {

    private static final Logger LOG = Logger.getLogger(LoopThreads.class);
    private static final Constructor<?> BUILDER = builderConstructor();
    /**
     * Virtual threads on the JDK's own scheduler. Named explicitly because a virtual thread
     * started by another one inherits its scheduler: {@code Thread.ofVirtual()} called from Lua
     * code on an event loop would start on that event loop too.
     */
    private static final ThreadFactory DEFAULT = jdkScheduled("lua");
    /** The factory of the event loop this thread is (event loop threads) or runs on (our virtual threads). */
    private static final ThreadLocal<ThreadFactory> CURRENT = new ThreadLocal<>();
    /** The event loop thread carrying this virtual thread (set in the virtual threads started here). */
    private static final ThreadLocal<Thread> CARRIER = new ThreadLocal<>();

    private LoopThreads() {
    }

    /** True when virtual threads can be scheduled on event loops in this JVM. */
    public static boolean enabled() {
        return BUILDER != null;
    }

    /**
     * Starts {@code task} on a virtual thread carried by the current event loop: the calling
     * event loop thread's, or for a virtual thread started here, the same loop as the caller.
     * Elsewhere (worker threads, tasks, tests) the JDK's default scheduler is used.
     */
    public static Thread start(Runnable task) {
        ThreadFactory f = CURRENT.get();
        if (f == null) {
            f = loopFactory();
            if (f == null) {
                return started(DEFAULT.newThread(task));
            }
            CURRENT.set(f);
        }
        ThreadFactory loop = f;
        Thread carrier = Thread.currentThread().isVirtual() ? CARRIER.get() : Thread.currentThread();
        return started(loop.newThread(() -> {
            CURRENT.set(loop);
            CARRIER.set(carrier);
            task.run();
        }));
    }

    /**
     * The event loop thread that carries the current virtual thread when it was started here on
     * an event loop (it never moves to another carrier), else null. Used to read the carrier's
     * allocation counter for {@code tune.lua.maxmem}.
     */
    static Thread carrier() {
        return Thread.currentThread().isVirtual() ? CARRIER.get() : null;
    }

    /**
     * Runs {@code call}, which may block its carrier thread (pipe or file I/O, a process wait),
     * so that no event loop waits for it: on a virtual thread carried by an event loop, the call
     * runs on a virtual thread of the JDK's scheduler while this one parks; elsewhere, directly.
     * Exceptions of {@code call} are rethrown as they are (checked ones as {@link IOException}).
     */
    public static <T> T offLoop(Callable<T> call) throws IOException {
        if (!Thread.currentThread().isVirtual() || CURRENT.get() == null) {
            return callDirect(call);
        }
        FutureTask<T> task = new FutureTask<>(call);
        DEFAULT.newThread(task).start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    private static <T> T callDirect(Callable<T> call) throws IOException {
        try {
            return call.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static Thread started(Thread t) {
        t.start();
        return t;
    }

    /** A factory for the current Vert.x event loop thread, or null when not on one (or disabled). */
    private static ThreadFactory loopFactory() {
        if (BUILDER == null || !Context.isOnEventLoopThread()) {
            return null;
        }
        ContextInternal ctx = (ContextInternal) Vertx.currentContext();
        if (ctx == null) {
            return null;
        }
        try {
            Thread.Builder.OfVirtual b = (Thread.Builder.OfVirtual) BUILDER.newInstance((Executor) ctx.nettyEventLoop());
            return b.name("lua@" + Thread.currentThread().getName()).factory();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Virtual threads of the JDK's default scheduler whatever thread starts them (see
     * {@link #DEFAULT}); use it for work that must never run on an event loop.
     */
    public static ThreadFactory jdkScheduled(String name) {
        return BUILDER == null ? Thread.ofVirtual().name(name).factory() : withDefaultScheduler(name);
    }

    private static ThreadFactory withDefaultScheduler(String name) {
        try {
            java.lang.reflect.Field f = Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER");
            f.setAccessible(true);
            Thread.Builder.OfVirtual b = (Thread.Builder.OfVirtual) BUILDER.newInstance((Executor) f.get(null));
            return b.name(name).factory();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Thread.ofVirtual().name(name).factory();
        }
    }

    private static Constructor<?> builderConstructor() {
        if (Boolean.getBoolean("luxy.lua.default-scheduler")) {
            return null;
        }
        try {
            Constructor<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder").getDeclaredConstructor(Executor.class);
            c.setAccessible(true);
            Object probe = c.newInstance((Executor) Runnable::run);
            if (!(probe instanceof Thread.Builder.OfVirtual)) {
                return null;
            }
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("Lua runs on the JDK's virtual thread scheduler (%s); add --add-opens java.base/java.lang=ALL-UNNAMED"
                    + " to run it on the event loops", e.getClass().getSimpleName());
            return null;
        }
    }
}

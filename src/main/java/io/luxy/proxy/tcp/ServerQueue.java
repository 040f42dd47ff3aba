package io.luxy.proxy.tcp;

import java.util.Collections;
import java.util.Map;
import java.util.Queue;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.luxy.proxy.Server;
import io.vertx.core.Context;
import io.vertx.core.Handler;

/**
 * Connection slots of servers with {@code maxconn} (HAProxy doc/configuration.txt 5.2 "maxconn"):
 * a stream takes a slot or waits in the server's queue, first come first served, until a slot is
 * given back or {@code timeout queue} expires. Lock-free on the request path; the queue map is
 * touched only when a server is full.
 */
public final class ServerQueue {

    private static final Map<Server, Queue<Waiter>> QUEUES = Collections.synchronizedMap(new WeakHashMap<>());

    private ServerQueue() {
    }

    private static final class Waiter {
        final Context ctx;
        final Handler<Boolean> then;
        final AtomicBoolean done = new AtomicBoolean();
        long timer = -1;

        Waiter(Context ctx, Handler<Boolean> then) {
            this.ctx = ctx;
            this.then = then;
        }
    }

    /**
     * Takes a slot of {@code srv}: {@code then(true)} once it is held (at once when free, on
     * {@code ctx} later), {@code then(false)} when {@code timeoutMs} (0 = none) expired in the queue.
     */
    public static void acquire(Server srv, Context ctx, long timeoutMs, Handler<Boolean> then) {
        if (srv.tryAcquire()) {
            then.handle(true);
            return;
        }
        Waiter w = new Waiter(ctx, then);
        srv.queued().incrementAndGet();
        queue(srv).add(w);
        if (timeoutMs > 0) {
            w.timer = ctx.owner().setTimer(timeoutMs, id -> {
                if (w.done.compareAndSet(false, true)) {
                    srv.queued().decrementAndGet();
                    then.handle(false);
                }
            });
        }
        drain(srv);
    }

    /** Gives a slot back and hands it to the first waiter, if any. */
    public static void release(Server srv) {
        srv.release();
        if (srv.settings().maxconn() > 0) {
            drain(srv);
        }
    }

    private static Queue<Waiter> queue(Server srv) {
        return QUEUES.computeIfAbsent(srv, k -> new ConcurrentLinkedQueue<>());
    }

    private static void drain(Server srv) {
        Queue<Waiter> q = QUEUES.get(srv);
        if (q == null) {
            return;
        }
        while (!q.isEmpty()) {
            if (!srv.tryAcquire()) {
                return;
            }
            Waiter w;
            boolean handed = false;
            while ((w = q.poll()) != null) {
                if (w.done.compareAndSet(false, true)) {
                    srv.queued().decrementAndGet();
                    Waiter got = w;
                    if (got.timer >= 0) {
                        got.ctx.owner().cancelTimer(got.timer);
                    }
                    got.ctx.runOnContext(v -> got.then.handle(true));
                    handed = true;
                    break;
                }
            }
            if (!handed) {
                srv.release(); // nobody left; a waiter added meanwhile is seen by the loop test
            }
        }
    }
}

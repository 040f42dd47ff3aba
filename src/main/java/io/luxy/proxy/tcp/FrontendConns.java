package io.luxy.proxy.tcp;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of one frontend across every event loop of a generation (HAProxy's
 * {@code feconn}) and its {@code maxconn} (HAProxy doc/configuration.txt 4.2 "maxconn"): beyond
 * the limit HAProxy stops accepting and new connections wait in the backlog; here they are
 * accepted but not read ({@link #enter}), and each slot given back ({@link #leave}) passes to the
 * oldest waiting connection. Lock-free: one counter, a queue touched only at the limit.
 */
public final class FrontendConns {

    private final int maxconn;
    private final AtomicInteger current = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    /** Slots for a frontend with {@code maxconn} (0 = unlimited, only counted). */
    public FrontendConns(int maxconn) {
        this.maxconn = maxconn;
    }

    /** Connections holding a slot now. */
    public int current() {
        return current.get();
    }

    /**
     * Takes a slot for a new connection: true when taken at once; otherwise false and
     * {@code admit} runs (on the thread that frees a slot) once the slot is handed to this
     * connection. Whoever is admitted calls {@link #leave} exactly once, even a connection that
     * closed while waiting.
     */
    public boolean enter(Runnable admit) {
        if (maxconn <= 0) {
            current.incrementAndGet();
            return true;
        }
        if (tryEnter()) {
            return true;
        }
        waiting.add(admit);
        if (tryEnter()) { // a slot freed while queueing: hand it to the oldest waiter
            Runnable r = waiting.poll();
            if (r != null) {
                r.run();
            } else {
                leave();
            }
        }
        return false;
    }

    private boolean tryEnter() {
        while (true) {
            int c = current.get();
            if (c >= maxconn) {
                return false;
            }
            if (current.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    /** Gives a slot back: it passes to the oldest waiting connection, if any. */
    public void leave() {
        Runnable next = maxconn > 0 ? waiting.poll() : null;
        if (next != null) {
            next.run();
        } else {
            current.decrementAndGet();
        }
    }
}

package io.luxy.proxy;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The deadlines of one duration on one event loop, for timeouts armed and disarmed per request
 * (HAProxy's {@code timeout server}): entries are kept in arming order, which is deadline order
 * since they all last the same, in an intrusive list, and one scheduled task serves them all.
 * Arming, re-arming and disarming are O(1) and allocate nothing; the task is rescheduled only
 * when it fires (for the deadline now at the head). A plain timer per request instead costs a
 * scheduled task, a priority-queue insert and removal, and Vert.x's timer map.
 *
 * <p>Used on its event loop only (not thread-safe).
 */
public final class Deadlines implements Runnable {

    /** Something with a deadline: extend it (the list links live in the entry). */
    public abstract static class Entry {
        private Entry prev;
        private Entry next;
        private Deadlines owner;
        private long deadline;

        /** Called on the event loop when the deadline passed while armed; the entry is then disarmed. */
        protected abstract void expired();
    }

    private final EventLoop loop;
    private final long nanos;
    private Entry head;
    private Entry tail;
    private ScheduledFuture<?> task;

    /** Deadlines of {@code millis} milliseconds on {@code loop}. */
    public Deadlines(EventLoop loop, long millis) {
        this.loop = loop;
        this.nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** The event loop these deadlines run on. */
    public EventLoop loop() {
        return loop;
    }

    /** Arms {@code e} to expire one duration from now (re-arms it when armed: activity). */
    public void arm(Entry e) {
        if (e.owner != null) {
            e.owner.unlink(e);
        }
        e.deadline = System.nanoTime() + nanos;
        e.owner = this;
        e.prev = tail;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
        if (task == null) {
            task = loop.schedule(this, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Disarms {@code e} (nothing when it is not armed). */
    public static void disarm(Entry e) {
        if (e.owner != null) {
            e.owner.unlink(e);
        }
    }

    private void unlink(Entry e) {
        if (e.prev == null) {
            head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.owner = null;
    }

    /** The scheduled task: expires what is due, then waits for the next deadline. */
    @Override
    public void run() {
        task = null;
        long now = System.nanoTime();
        while (head != null && head.deadline - now <= 0) {
            Entry e = head;
            unlink(e);
            e.expired();
        }
        if (head != null && task == null) {
            task = loop.schedule(this, Math.max(1, head.deadline - now), TimeUnit.NANOSECONDS);
        }
    }
}

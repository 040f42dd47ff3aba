package io.luxy.lua.api;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.WaitReason;
import io.vertx.core.buffer.Buffer;

/**
 * Bytes arriving from a socket (fed on the event loop) and read by Lua on a virtual thread with
 * blocking calls: a line, n bytes, or everything until the peer closes. While a reader waits its
 * Lua state's lock is released. When more than {@link #HIGH_WATER} bytes wait unread, the source
 * is paused, and resumed once drained (backpressure).
 */
public final class StreamInput {

    /** Unread bytes above which the source is paused. */
    public static final int HIGH_WATER = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    private int available;
    private boolean eof;
    private String error;
    private final Runnable pause;
    private final Runnable resume;
    private boolean paused;

    /** An input whose source is paused/resumed with these callbacks (may be no-ops). */
    public StreamInput(Runnable pause, Runnable resume) {
        this.pause = pause;
        this.resume = resume;
    }

    /** An input that already holds all its bytes (e.g. a buffered request body). */
    public static StreamInput complete(Buffer all) {
        StreamInput in = new StreamInput(() -> { }, () -> { });
        if (all != null && all.length() > 0) {
            in.chunks.add(all);
            in.available = all.length();
        }
        in.eof = true;
        return in;
    }

    /** Feeds bytes (event loop). */
    public void push(Buffer b) {
        boolean doPause = false;
        lock.lock();
        try {
            chunks.add(b);
            available += b.length();
            if (available > HIGH_WATER && !paused) {
                paused = true;
                doPause = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (doPause) {
            pause.run();
        }
    }

    /** Marks the end of the stream (peer closed its side). */
    public void end() {
        lock.lock();
        try {
            eof = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Marks a failure; readers waiting get what is buffered, then nothing. */
    public void fail(String message) {
        lock.lock();
        try {
            error = message;
            eof = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The outcome of one read: data (possibly partial), and whether the stream ended or timed out. */
    public record Read(Buffer data, boolean closed, boolean timedOut) {
    }

    /**
     * Reads one line: up to and including '\n' ({@code keepEol}) or without CR/LF. At EOF the
     * remaining bytes are returned as the last line (closed=true when nothing was left).
     * {@code timeoutMs} 0 waits forever.
     */
    public Read line(boolean keepEol, long timeoutMs) {
        return read(timeoutMs, () -> {
            int idx = indexOfNewline();
            if (idx >= 0) {
                Buffer line = take(idx + 1);
                if (!keepEol) {
                    int end = line.length() - 1;
                    if (end > 0 && line.getByte(end - 1) == '\r') {
                        end--;
                    }
                    line = line.getBuffer(0, end);
                }
                return new Read(line, false, false);
            }
            if (eof) {
                return available > 0 ? new Read(take(available), false, false) : new Read(null, true, false);
            }
            return null;
        });
    }

    /** Reads exactly {@code n} bytes, or what is left when the stream ends first (closed=true then). */
    public Read bytes(int n, long timeoutMs) {
        return read(timeoutMs, () -> {
            if (available >= n) {
                return new Read(take(n), false, false);
            }
            if (eof) {
                return new Read(available > 0 ? take(available) : null, true, false);
            }
            return null;
        });
    }

    /** Reads everything until the peer closes. */
    public Read all(long timeoutMs) {
        return read(timeoutMs, () -> eof ? new Read(available > 0 ? take(available) : Buffer.buffer(), false, false) : null);
    }

    /** Takes every byte buffered now without waiting (to hand a connection over to forwarding). */
    public Buffer drainAvailable() {
        lock.lock();
        try {
            return available > 0 ? take(available) : Buffer.buffer();
        } finally {
            lock.unlock();
        }
    }

    /** True when the peer closed and every byte was read. */
    public boolean drained() {
        lock.lock();
        try {
            return eof && available == 0;
        } finally {
            lock.unlock();
        }
    }

    private interface Attempt {
        Read tryRead();
    }

    private Read read(long timeoutMs, Attempt attempt) {
        long deadline = timeoutMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) : 0;
        lock.lock();
        try {
            Read r = attempt.tryRead();
            if (r != null) {
                return afterRead(r);
            }
        } finally {
            lock.unlock();
        }
        Read[] result = new Read[1];
        Invocation inv = Invocation.current();
        Invocation.InterruptibleWait wait = () -> {
            lock.lock();
            try {
                while (true) {
                    Read r = attempt.tryRead();
                    if (r != null) {
                        result[0] = afterRead(r);
                        return;
                    }
                    if (deadline == 0) {
                        changed.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            result[0] = new Read(null, false, true);
                            return;
                        }
                        changed.awaitNanos(left);
                    }
                }
            } finally {
                lock.unlock();
            }
        };
        if (inv != null) {
            inv.blockingWait(WaitReason.SOCKET_RECV, wait);
        } else {
            try {
                wait.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Read(null, true, false);
            }
        }
        return result[0];
    }

    private Read afterRead(Read r) {
        if (paused && available < HIGH_WATER / 2) {
            paused = false;
            resume.run();
        }
        return r;
    }

    /** The error that ended the stream, or null. */
    public String error() {
        lock.lock();
        try {
            return error;
        } finally {
            lock.unlock();
        }
    }

    private int indexOfNewline() {
        int offset = 0;
        for (Buffer b : chunks) {
            int len = b.length();
            for (int i = 0; i < len; i++) {
                if (b.getByte(i) == '\n') {
                    return offset + i;
                }
            }
            offset += len;
        }
        return -1;
    }

    private Buffer take(int n) {
        Buffer first = chunks.peekFirst();
        if (first != null && first.length() == n) {
            chunks.pollFirst();
            available -= n;
            return first;
        }
        Buffer out = Buffer.buffer(n);
        int need = n;
        while (need > 0) {
            Buffer b = chunks.pollFirst();
            if (b.length() <= need) {
                out.appendBuffer(b);
                need -= b.length();
            } else {
                out.appendBuffer(b, 0, need);
                chunks.addFirst(b.getBuffer(need, b.length()));
                need = 0;
            }
        }
        available -= n;
        return out;
    }
}

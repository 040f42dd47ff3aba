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
    /** Bytes forwarded by Lua ({@code Channel.forward}/{@code send}) but not yet handed over. */
    private Buffer output;

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
        lock.lock();
        try {
            chunks.add(b);
            available += b.length();
            if (available > HIGH_WATER && !paused) {
                // under the lock, like resume: a resume from a reader can then never be overtaken
                // by this pause, which would leave the source paused while the flag says it runs
                paused = true;
                pause.run();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
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

    /**
     * Takes every byte buffered now without waiting (to hand a connection over to forwarding):
     * the bytes Lua forwarded first, then the unread ones.
     */
    public Buffer drainAvailable() {
        lock.lock();
        try {
            Buffer in = available > 0 ? take(available) : Buffer.buffer();
            if (output == null) {
                return in;
            }
            Buffer out = output.appendBuffer(in);
            output = null;
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---- Channel view (HAProxy doc/lua-api "Channel class"): unread bytes are the incoming data,
    // bytes forwarded by Lua are the outgoing data.

    /** Number of unread (incoming) bytes. */
    public int inputLength() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** Number of bytes forwarded by Lua and not yet handed over (outgoing). */
    public int outputLength() {
        lock.lock();
        try {
            return output == null ? 0 : output.length();
        } finally {
            lock.unlock();
        }
    }

    /** True when the peer closed its side (no more bytes will arrive). */
    public boolean ended() {
        lock.lock();
        try {
            return eof;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code ready} holds over the incoming bytes, the peer closes or {@code timeoutMs}
     * passes (0 = no limit, negative = do not wait); returns without consuming anything.
     */
    public void await(java.util.function.IntPredicate ready, long timeoutMs) {
        if (timeoutMs < 0) {
            return;
        }
        read(timeoutMs, () -> ready.test(available) || eof ? new Read(null, false, false) : null);
    }

    /** Waits like {@link #await} until a '\n' is found at or after incoming offset {@code from}. */
    public void awaitLine(int from, long timeoutMs) {
        if (timeoutMs < 0) {
            return;
        }
        read(timeoutMs, () -> eof || indexOfNewline(from) >= 0 ? new Read(null, false, false) : null);
    }

    /** A copy of incoming bytes {@code [off, off+len)}, clamped to what is there. */
    public Buffer peek(int off, int len) {
        lock.lock();
        try {
            int from = Math.max(0, Math.min(off, available));
            int to = Math.max(from, Math.min(available, from + Math.max(0, len)));
            Buffer all = coalesce();
            return all.getBuffer(from, to);
        } finally {
            lock.unlock();
        }
    }

    /** Index of the first '\n' at or after incoming offset {@code from}, or -1. */
    public int indexOfLine(int from) {
        lock.lock();
        try {
            return indexOfNewline(from);
        } finally {
            lock.unlock();
        }
    }

    /** Replaces incoming bytes {@code [off, off+len)} (clamped) by {@code data}. */
    public void replace(int off, int len, Buffer data) {
        lock.lock();
        try {
            Buffer all = coalesce();
            int from = Math.max(0, Math.min(off, all.length()));
            int to = Math.max(from, Math.min(all.length(), from + len));
            Buffer b = Buffer.buffer(all.length() - (to - from) + data.length());
            b.appendBuffer(all, 0, from).appendBuffer(data).appendBuffer(all, to, all.length() - to);
            chunks.clear();
            if (b.length() > 0) {
                chunks.add(b);
            }
            available = b.length();
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code n} incoming bytes to the outgoing part; returns how many moved. */
    public int forward(int n) {
        lock.lock();
        try {
            int k = Math.max(0, Math.min(n, available));
            if (k > 0) {
                emit(take(k));
            }
            return k;
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code data} to the outgoing part, after what was already forwarded. */
    public void emit(Buffer data) {
        lock.lock();
        try {
            if (output == null) {
                output = Buffer.buffer(data.length());
            }
            output.appendBuffer(data);
        } finally {
            lock.unlock();
        }
    }

    private Buffer coalesce() {
        if (chunks.size() == 1) {
            return chunks.peekFirst();
        }
        Buffer all = available > 0 ? take(available) : Buffer.buffer();
        if (all.length() > 0) {
            chunks.add(all);
            available = all.length();
        }
        return all;
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
                    if (paused) {
                        // a reader waits for more than HIGH_WATER bytes ("*a", a large count):
                        // the source must go on, or the read could only end by its timeout
                        paused = false;
                        resume.run();
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
        return indexOfNewline(0);
    }

    private int indexOfNewline(int from) {
        int offset = 0;
        for (Buffer b : chunks) {
            int len = b.length();
            for (int i = Math.max(0, from - offset); i < len; i++) {
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

package io.luxy.lua.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.vertx.core.buffer.Buffer;

/**
 * A {@link SocketTransport} on a JDK unix-domain {@link SocketChannel} ({@code unix@/path}, HAProxy
 * doc/configuration.txt 11 "Address formats"): Vert.x reaches unix sockets only through Netty's
 * native transport, which Luxy does not ship. Blocking JDK calls run on virtual threads of their
 * own: one reader feeds {@link #input()} (paused above {@link StreamInput#HIGH_WATER} unread
 * bytes), and each write runs after the previous one; the Lua invocation waits for them through
 * {@link io.luxy.lua.engine.Invocation#await} like for Vert.x sockets, its state's lock released.
 */
final class UnixTransport implements SocketTransport {

    private static final int READ_CHUNK = 16 * 1024;
    private static final java.util.concurrent.ThreadFactory THREADS = io.luxy.lua.engine.LoopThreads.jdkScheduled("luxy-lua-unix");
    private static final Executor VIRTUAL = r -> THREADS.newThread(r).start();

    private final SocketChannel channel;
    private final StreamInput input;
    private final ReentrantLock flow = new ReentrantLock();
    private final Condition resumed = flow.newCondition();
    private boolean paused;
    private volatile boolean closed;
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

    private UnixTransport(SocketChannel channel) {
        this.channel = channel;
        this.input = new StreamInput(this::pause, this::resume);
    }

    /**
     * Connects to the unix socket at {@code path} on a virtual thread; the future completes with
     * the transport (its reader started), or fails with the cause (no such file, refused…).
     */
    static CompletableFuture<SocketTransport> connect(Path path) {
        CompletableFuture<SocketTransport> f = new CompletableFuture<>();
        VIRTUAL.execute(() -> {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(path));
                UnixTransport t = new UnixTransport(ch);
                VIRTUAL.execute(t::readLoop);
                f.complete(t);
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    @Override
    public StreamInput input() {
        return input;
    }

    @Override
    public synchronized CompletableFuture<Void> write(Buffer data) {
        ByteBuffer bytes = ByteBuffer.wrap(data.getBytes());
        // chained so that bytes leave in send() order even when a caller stopped waiting
        lastWrite = lastWrite.exceptionally(e -> null).thenRunAsync(() -> writeFully(bytes), VIRTUAL);
        return lastWrite;
    }

    @Override
    public String name(boolean peer) {
        return "unix";
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
        resume();
    }

    private void writeFully(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() == null ? "connection closed" : e.getMessage(), e);
        }
    }

    /** Reads until the peer closes or the channel is closed, feeding {@link #input}. */
    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        try {
            while (awaitResumed()) {
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    byte[] chunk = new byte[n];
                    buf.flip().get(chunk);
                    buf.clear();
                    input.push(Buffer.buffer(chunk));
                }
            }
            input.end();
        } catch (IOException e) {
            if (closed) {
                input.end();
            } else {
                input.fail(e.getMessage());
            }
        }
    }

    /** Waits while paused (backpressure); false once the transport is closed. */
    private boolean awaitResumed() {
        flow.lock();
        try {
            while (paused && !closed) {
                resumed.awaitUninterruptibly();
            }
            return !closed;
        } finally {
            flow.unlock();
        }
    }

    private void pause() {
        flow.lock();
        try {
            paused = true;
        } finally {
            flow.unlock();
        }
    }

    private void resume() {
        flow.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            flow.unlock();
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // already broken: nothing more to release
            }
        }
    }
}

package io.luxy.proxy.log;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Where framed log lines go, without ever blocking the caller (an event loop): UDP datagrams on
 * one non-blocking channel shared by the process (a full socket buffer drops the line, as
 * HAProxy's non-blocking sendmsg does), or stdout/stderr through a bounded queue drained by one
 * writer thread (lines beyond {@value StreamSink#MAX_PENDING} pending are dropped). Drops are
 * counted in {@link #dropped()}.
 */
abstract sealed class LogSink permits LogSink.Udp, LogSink.StreamSink {

    private static final AtomicLong DROPPED = new AtomicLong();

    /** Sends one framed line. */
    abstract void send(String line);

    /** Lines dropped since start (full socket buffer or queue). */
    static long dropped() {
        return DROPPED.get();
    }

    /** The sink of {@code srv}. */
    static LogSink of(LogServer srv) {
        return switch (srv.kind()) {
            case STDOUT -> StreamSink.STDOUT;
            case STDERR -> StreamSink.STDERR;
            case UDP -> new Udp(srv.address());
        };
    }

    /** UDP syslog. */
    static final class Udp extends LogSink {
        private static volatile DatagramChannel shared;
        private final InetSocketAddress to;

        Udp(InetSocketAddress to) {
            this.to = to;
        }

        private static DatagramChannel channel() throws IOException {
            DatagramChannel c = shared;
            if (c == null) {
                synchronized (Udp.class) {
                    c = shared;
                    if (c == null) {
                        c = DatagramChannel.open();
                        c.configureBlocking(false);
                        shared = c;
                    }
                }
            }
            return c;
        }

        @Override
        void send(String line) {
            try {
                if (channel().send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), to) == 0) {
                    DROPPED.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                DROPPED.incrementAndGet();
            }
        }
    }

    /** stdout or stderr, written by a daemon thread. */
    static final class StreamSink extends LogSink {
        static final int MAX_PENDING = 65_536;
        static final StreamSink STDOUT = new StreamSink(new FileOutputStream(FileDescriptor.out), "luxy-log-stdout");
        static final StreamSink STDERR = new StreamSink(new FileOutputStream(FileDescriptor.err), "luxy-log-stderr");

        private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger pending = new AtomicInteger();
        private final OutputStream out;
        private final String name;
        private volatile Thread writer;

        StreamSink(OutputStream out, String name) {
            this.out = new BufferedOutputStream(out, 16 * 1024);
            this.name = name;
        }

        @Override
        void send(String line) {
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                DROPPED.incrementAndGet();
                return;
            }
            queue.add(line);
            Thread w = writer;
            if (w == null) {
                w = start();
            }
            LockSupport.unpark(w);
        }

        private synchronized Thread start() {
            if (writer == null) {
                Thread t = new Thread(this::drain, name);
                t.setDaemon(true);
                writer = t;
                t.start();
            }
            return writer;
        }

        private void drain() {
            while (true) {
                String line = queue.poll();
                if (line == null) {
                    try {
                        out.flush();
                    } catch (IOException e) {
                        // the stream is gone: keep draining so producers never block
                    }
                    LockSupport.park(this);
                    continue;
                }
                pending.decrementAndGet();
                try {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    DROPPED.incrementAndGet();
                }
            }
        }
    }
}

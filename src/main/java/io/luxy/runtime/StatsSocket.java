package io.luxy.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * One {@code stats socket} listener (HAProxy doc/configuration.txt 3.1 "stats socket"): a unix
 * socket created with the configured {@code mode} (bound under a temporary name, chmod-ed, then
 * renamed into place, so a reload swaps it atomically as HAProxy does) or a TCP socket; each
 * connection is served on a virtual thread with HAProxy's CLI protocol: without {@code prompt},
 * one line of commands, the answers, then close; with {@code prompt}, interactive until
 * {@code quit}, end of input or the idle timeout.
 */
final class StatsSocket {

    private static final Logger LOG = Logger.getLogger("luxy.runtime");

    private final ServerSocketChannel channel;
    private final Path unixPath;
    private final Object fileKey;
    private final Cli cli;
    private final CliSession.Level level;
    private final long timeoutMillis;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();

    private StatsSocket(ServerSocketChannel channel, Path unixPath, Object fileKey, Cli cli, CliSession.Level level,
            long timeoutMillis) {
        this.channel = channel;
        this.unixPath = unixPath;
        this.fileKey = fileKey;
        this.cli = cli;
        this.level = level;
        this.timeoutMillis = timeoutMillis;
    }

    /** Binds {@code spec} and starts accepting. Throws when the address cannot be bound. */
    static StatsSocket open(RuntimeApi.SocketSpec spec, Cli cli, long timeoutMillis) throws IOException {
        ServerSocketChannel ch;
        Path path = null;
        Object key = null;
        if (spec.unixPath() != null) {
            path = Path.of(spec.unixPath());
            Path tmp = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp);
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(tmp));
            if (spec.mode() >= 0) {
                Files.setPosixFilePermissions(tmp, permissions(spec.mode()));
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } else {
            ch = ServerSocketChannel.open(StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true); // the next generation binds beside us
            }
            SocketAddress a = new InetSocketAddress(spec.host(), spec.port());
            ch.bind(a);
        }
        StatsSocket s = new StatsSocket(ch, path, key, cli, spec.level(), timeoutMillis);
        Thread.ofVirtual().name("stats-socket-accept").start(s::acceptLoop);
        return s;
    }

    /** {@code mode} octal bits as POSIX permissions. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                p.add(order[i]);
            }
        }
        return p;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = channel.accept();
                sessions.incrementAndGet();
                Thread.ofVirtual().name("stats-socket").start(() -> {
                    try {
                        serve(c);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "stats socket: a command failed");
                    } finally {
                        sessions.decrementAndGet();
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    LOG.debugf("stats socket accept failed: %s", e.getMessage());
                }
                return;
            }
        }
    }

    /**
     * Serves one CLI connection. A client that leaves early (its answer cannot be written, or
     * its connection was reset) is one debug line; the rest of its answer is dropped.
     */
    private void serve(SocketChannel c) {
        CliSession session = new CliSession(level, timeoutMillis);
        long[] last = {System.currentTimeMillis()};
        boolean[] timedOut = {false};
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                while (c.isOpen()) {
                    long idle = System.currentTimeMillis() - last[0];
                    long left = session.timeoutMillis() - idle;
                    if (left <= 0) {
                        timedOut[0] = true;
                        c.close();
                        return;
                    }
                    Thread.sleep(Math.min(left, 1000));
                }
            } catch (InterruptedException | IOException e) {
                // connection ends
            }
        });
        Output out = new Output(c);
        try (c) {
            LineReader in = new LineReader(c);
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                last[0] = System.currentTimeMillis();
                cli.execute(session, line, out);
                last[0] = System.currentTimeMillis();
                if (out.failure != null) {
                    left(c, out.failure);
                    return;
                }
                if (session.quit() || !session.prompt()) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!timedOut[0]) {
                left(c, e);
            }
        } finally {
            watchdog.interrupt();
        }
    }

    /** The one line for a client that left early: debug level, no stack trace. */
    private static void left(SocketChannel c, IOException e) {
        if (LOG.isDebugEnabled()) {
            String peer;
            try {
                peer = String.valueOf(c.getRemoteAddress());
            } catch (IOException | RuntimeException x) {
                peer = "client";
            }
            LOG.debugf("stats socket: %s left early (%s)", peer, e.getMessage());
        }
    }

    /** Writes answers to the connection; after a failed write, drops the rest and keeps the failure. */
    private static final class Output implements java.util.function.Consumer<String> {
        private final SocketChannel c;
        IOException failure;

        Output(SocketChannel c) {
            this.c = c;
        }

        @Override
        public void accept(String text) {
            if (failure != null) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            try {
                while (b.hasRemaining()) {
                    c.write(b);
                }
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    /** Closes the listener; a unix socket file is removed unless a newer generation replaced it. */
    void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
        if (unixPath != null) {
            try {
                if (Files.exists(unixPath) && fileKey != null
                        && fileKey.equals(Files.readAttributes(unixPath, BasicFileAttributes.class).fileKey())) {
                    Files.deleteIfExists(unixPath);
                }
            } catch (IOException e) {
                // nothing to clean
            }
        }
    }

    /** Connections being served now. */
    int sessions() {
        return sessions.get();
    }

    /** The bound TCP port (tests), or -1 for a unix socket. */
    int port() {
        try {
            return channel.getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads {@code \n}-terminated lines (a last line without newline counts) from a channel. */
    private static final class LineReader {
        private final SocketChannel c;
        private final ByteBuffer buf = ByteBuffer.allocate(16384);
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private boolean eof;

        LineReader(SocketChannel c) {
            this.c = c;
            buf.flip();
        }

        String readLine() throws IOException {
            while (true) {
                while (buf.hasRemaining()) {
                    byte x = buf.get();
                    if (x == '\n') {
                        String s = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                    }
                    line.write(x);
                    if (line.size() > 65536) {
                        throw new IOException("line too long");
                    }
                }
                if (eof) {
                    if (line.size() > 0) {
                        String s = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        return s;
                    }
                    return null;
                }
                buf.clear();
                int n = c.read(buf);
                buf.flip();
                if (n < 0) {
                    eof = true;
                }
            }
        }
    }
}

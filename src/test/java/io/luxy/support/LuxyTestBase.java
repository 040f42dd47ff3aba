package io.luxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;

import io.luxy.config.Diagnostic;
import io.luxy.reload.Generation;
import io.vertx.core.Vertx;

/**
 * Starts real Luxy generations on loopback for tests: {@link #startProxy(String)} writes the cfg
 * to a temp file (with {@code @LUA@} replaced by the project's lua/ folder), builds and binds it
 * on a fresh Vert.x; everything is stopped after each test.
 */
public abstract class LuxyTestBase {

    /** The project's shipped Lua scripts. */
    protected static final Path LUA = Path.of("lua").toAbsolutePath();

    private final List<Runnable> cleanups = new ArrayList<>();
    protected Vertx vertx;

    /** Builds and starts a generation from {@code cfg}; fails the test with the alerts when refused. */
    protected Generation startProxy(String cfg) throws Exception {
        Generation.Built built = build(cfg);
        if (built.generation() == null) {
            throw new AssertionError("config refused: " + built.diagnostics().all().stream().map(Diagnostic::text).toList());
        }
        Generation g = built.generation();
        g.start(vertx, 2).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        cleanups.add(0, () -> g.stop(vertx).toCompletionStage().toCompletableFuture().join());
        return g;
    }

    /** Parses and loads {@code cfg} without starting it (check mode). */
    protected Generation.Built build(String cfg) throws IOException {
        Path f = Files.createTempFile("luxy-test", ".cfg");
        Files.writeString(f, cfg.replace("@LUA@", LUA.toString()));
        cleanups.add(() -> f.toFile().delete());
        return Generation.build(1, List.of(f), vertx(), 2);
    }

    /** The test's Vert.x, created on first use and closed after the test. */
    protected Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            Vertx v = vertx;
            cleanups.add(() -> v.close().toCompletionStage().toCompletableFuture().join());
        }
        return vertx;
    }

    /** A TCP port free on loopback right now. */
    protected static int freePort() throws IOException {
        // never the same port twice in one JVM: the kernel may hand a just-closed port out again,
        // and two Vert.x servers of one test on the same port would silently share it
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (GIVEN_PORTS.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private static final java.util.Set<Integer> GIVEN_PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Connects, optionally sends {@code send}, and reads until the server closes (bounded by 5 s). */
    protected static String tcpExchange(int port, String send) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            if (send != null) {
                s.getOutputStream().write(send.getBytes(StandardCharsets.ISO_8859_1));
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Connects to the unix socket {@code path}, sends {@code input} and reads until the server closes. */
    protected static String unixExchange(Path path, String input) throws IOException {
        try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            c.connect(java.net.UnixDomainSocketAddress.of(path));
            return channelExchange(c, input);
        }
    }

    /** Sends {@code input} on the connected channel {@code c} and reads until the server closes. */
    protected static String channelExchange(java.nio.channels.SocketChannel c, String input) throws IOException {
        c.write(java.nio.ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8192);
        while (c.read(b) >= 0) {
            out.write(b.array(), 0, b.position());
            b.clear();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void stopAll() {
        for (Runnable r : cleanups) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // best effort
            }
        }
        cleanups.clear();
        vertx = null;
    }
}

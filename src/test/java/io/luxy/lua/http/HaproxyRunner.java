package io.luxy.lua.http;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.luxy.support.Await;

/**
 * Runs the real HAProxy 2.6 ({@code /usr/sbin/haproxy -db}) on a config for parity tests, when it
 * is installed; the process is stopped on {@link #close()}.
 */
public final class HaproxyRunner implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private final Process process;
    private final Path log;

    private HaproxyRunner(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** True when HAProxy is installed here. */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts HAProxy on {@code cfg} and waits until it listens on loopback {@code port}. */
    public static HaproxyRunner start(String cfg, int port) throws Exception {
        Path dir = Files.createTempDirectory("haproxy-parity");
        Path f = dir.resolve("haproxy.cfg");
        Files.writeString(f, cfg);
        Path log = dir.resolve("haproxy.log");
        Process p = new ProcessBuilder(BINARY.toString(), "-db", "-f", f.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        HaproxyRunner r = new HaproxyRunner(p, log);
        try {
            Await.until(() -> !p.isAlive() || listening(port));
            if (!p.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + Files.readString(log));
            }
        } catch (Exception | Error e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** What HAProxy printed so far (Lua log lines, alerts). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

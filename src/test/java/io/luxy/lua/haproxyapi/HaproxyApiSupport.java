package io.luxy.lua.haproxyapi;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;

/**
 * Helpers of the lua-haproxy API tests: the cfg fixture of src/test/resources/haproxy-api with its
 * placeholders filled, named Vert.x backends, and a real HAProxy 2.6 run of the same cfg.
 */
final class HaproxyApiSupport {

    /** The fixtures folder. */
    static final Path RESOURCES = Path.of("src/test/resources/haproxy-api").toAbsolutePath();

    /** The shipped scripts folder. */
    static final Path LUA = Path.of("lua").toAbsolutePath();

    /** HAProxy 2.6 as installed by Debian (the reference). */
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private HaproxyApiSupport() {
    }

    /**
     * Writes fixture {@code name} into {@code dir} as haproxy.cfg with {@code @LUA@} and the
     * given placeholders replaced; {@code @ARGS@} becomes the lua-load options {@code args}, in
     * which {@code @SELF@} is the written file's path.
     */
    static Path writeCfg(String name, Path dir, String args, Map<String, Integer> ports) throws IOException {
        Path out = dir.resolve("haproxy.cfg");
        String cfg = Files.readString(RESOURCES.resolve(name)).replace("@LUA@", LUA.toString())
                .replace("@ARGS@", args.replace("@SELF@", out.toString()));
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            cfg = cfg.replace("@" + p.getKey() + "@", Integer.toString(p.getValue()));
        }
        Files.writeString(out, cfg);
        return out;
    }

    /** Starts an HTTP server on loopback {@code port} answering {@code name} as its body. */
    static int startNamedBackend(Vertx vertx, String name, int port) throws Exception {
        vertx.createHttpServer().requestHandler(r -> r.response().putHeader("x-server", name).end(name))
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return port;
    }

    /** True once something accepts connections on loopback {@code port}. */
    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts {@code haproxy -db -f cfg} with {@code env} added, its output in haproxy.log beside the cfg. */
    static Process startHaproxy(Path cfg, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(cfg.resolveSibling("haproxy.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Stops a process started by {@link #startHaproxy}. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}

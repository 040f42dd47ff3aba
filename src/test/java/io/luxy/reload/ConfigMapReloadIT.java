package io.luxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.support.LuxyTestBase;

/**
 * Reload from a ConfigMap volume updated as the kubelet does it (timestamped folder, {@code ..data}
 * symlink renamed over), under continuous load from other threads.
 */
class ConfigMapReloadIT extends LuxyTestBase {

    @TempDir
    Path tmp;

    private GenerationSwitch generations;
    private Reloader reloader;

    static String script(String answer) {
        return """
                core.register_service("answer", "http", function(applet)
                  local body = "%s"
                  applet:set_status(200)
                  applet:add_header("content-length", string.len(body))
                  applet:start_response()
                  applet:send(body)
                end)
                """.formatted(answer);
    }

    static String cfg(Path volume, int port) {
        return """
                global
                    lua-load %s

                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s

                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.answer
                """.formatted(volume.resolve("answer.lua"), port);
    }

    private ConfigMapVolume startFromVolume(int port, String answer) throws Exception {
        ConfigMapVolume v = new ConfigMapVolume(tmp.resolve("etc-luxy"));
        Files.createDirectories(v.dir());
        v.write(Map.of("haproxy.cfg", cfg(v.dir(), port), "answer.lua", script(answer)));
        generations = new GenerationSwitch(vertx(), List.of(v.path("haproxy.cfg")), GenerationSwitch.eventLoops(vertx()), UnaryOperator.identity(), 5000);
        generations.start();
        reloader = new Reloader(generations, 200);
        return v;
    }

    @AfterEach
    void stopSwitch() throws Exception {
        if (reloader != null) {
            reloader.close();
        }
        if (generations != null) {
            generations.retire().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void configMapSwap_underLoad_servesNewScriptWithin2sWithoutFailedRequest() throws Exception {
        int port = freePort();
        ConfigMapVolume v = startFromVolume(port, "v1");
        try (HttpLoad load = new HttpLoad(port, 4)) {
            Await.until(() -> load.ok.get() > 50);
            v.write(Map.of("haproxy.cfg", cfg(v.dir(), port), "answer.lua", script("v2")));
            long t0 = System.nanoTime();
            Await.until(() -> load.last().equals("v2"), 2_000);
            long seenMs = (System.nanoTime() - t0) / 1_000_000;
            long before = load.ok.get();
            Await.until(() -> load.ok.get() > before + 50);
            load.close();
            assertEquals(List.of(), List.copyOf(load.failures), "failed requests during the reload");
            assertTrue(seenMs < 2000, "v2 seen after " + seenMs + " ms");
        }
        Await.until(() -> generations.status().generation() == 2); // status is set once every listener is up
        assertEquals("success", generations.status().lastReload());
    }

    /**
     * Kept-alive client connections survive every swap: each request goes to the generation in
     * service when its head arrives, no connection is closed under a client (which never
     * retries), and each client keeps its one connection. {@code -Dluxy.it.keepalive.swaps=N}
     * sets the number of swaps (50 by default: about 12 s).
     */
    @Test
    void configMapSwaps_underKeepAliveLoad_loseNoRequest_andKeepTheirConnections() throws Exception {
        int swaps = Integer.getInteger("luxy.it.keepalive.swaps", 50);
        int port = freePort();
        ConfigMapVolume v = startFromVolume(port, "v0");
        long t0 = System.nanoTime();
        try (KeepAliveLoad load = new KeepAliveLoad(port, 4, 5)) {
            Await.until(() -> load.ok.get() > 50);
            for (int i = 1; i <= swaps; i++) {
                v.write(Map.of("haproxy.cfg", cfg(v.dir(), port), "answer.lua", script("v" + i)));
                String answer = "v" + i;
                Await.until(() -> load.last().equals(answer), 10_000);
            }
            long before = load.ok.get();
            Await.until(() -> load.ok.get() > before + 50);
            load.close();
            System.out.printf("%d swaps under keep-alive load in %d ms: %d requests, %d failed, %d connections, %d closes announced%n",
                    swaps, (System.nanoTime() - t0) / 1_000_000, load.ok.get(), load.failures.size(), load.connections.get(),
                    load.closeAnnounced.get());
            assertEquals(List.of(), List.copyOf(load.failures), "failed requests over " + swaps + " swaps");
            assertEquals(4, load.connections.get(), "connections opened by 4 clients (none closed under them)");
        }
        Await.until(() -> generations.status().generation() == swaps + 1);
    }

    @Test
    void brokenScript_isRefused_oldAnswersContinue_errorReported_fixedOnNextChange() throws Exception {
        int port = freePort();
        ConfigMapVolume v = startFromVolume(port, "v1");
        try (HttpLoad load = new HttpLoad(port, 2)) {
            Await.until(() -> load.ok.get() > 20);
            v.write(Map.of("haproxy.cfg", cfg(v.dir(), port), "answer.lua", script("v2").replace("end)", "")));
            Await.until(() -> generations.failures() == 1);
            GenerationSwitch.Status s = generations.status();
            assertEquals("failure", s.lastReload());
            assertEquals(1, s.generation());
            assertTrue(s.error().contains("answer.lua") && s.error().contains(":8: 'end' expected"), s.error());
            long before = load.ok.get();
            Await.until(() -> load.ok.get() > before + 20);
            assertEquals("v1", load.last());

            v.write(Map.of("haproxy.cfg", cfg(v.dir(), port), "answer.lua", script("v3")));
            Await.until(() -> load.last().equals("v3"));
            load.close();
            assertEquals(List.of(), List.copyOf(load.failures));
        }
        // the new generation answers as soon as its first listener is up; its status is set once all are
        Await.until(() -> generations.status().generation() == 2);
        assertEquals("success", generations.status().lastReload(), () -> generations.status().error());
    }

    @Test
    void brokenConfig_isRefusedWithFileAndLine_oldAnswersContinue() throws Exception {
        int port = freePort();
        ConfigMapVolume v = startFromVolume(port, "v1");
        try (HttpLoad load = new HttpLoad(port, 2)) {
            Await.until(() -> load.ok.get() > 20);
            v.write(Map.of("haproxy.cfg", cfg(v.dir(), port) + "    backed nowhere\n", "answer.lua", script("v2")));
            Await.until(() -> generations.failures() == 1);
            String error = generations.status().error();
            assertTrue(error.matches("parsing \\[.*haproxy.cfg:13\\] : unknown keyword 'backed'.*"), error);
            long before = load.ok.get();
            Await.until(() -> load.ok.get() > before + 20);
            load.close();
            assertEquals("v1", load.last());
            assertEquals(List.of(), List.copyOf(load.failures));
        }
    }

    @Test
    void plainEdit_ofAWatchedScript_reloads() throws Exception {
        int port = freePort();
        Path lua = tmp.resolve("answer.lua");
        Files.writeString(lua, script("dev1"));
        Path cfgFile = tmp.resolve("haproxy.cfg");
        Files.writeString(cfgFile, cfg(tmp, port));
        generations = new GenerationSwitch(vertx(), List.of(cfgFile), GenerationSwitch.eventLoops(vertx()), UnaryOperator.identity(), 5000);
        generations.start();
        reloader = new Reloader(generations, 200);
        assertEquals("dev1", body(port));
        Files.writeString(lua, script("dev2"));
        Await.until(() -> "dev2".equals(body(port)));
        assertNotEquals(0, generations.successes());
    }

    private static String body(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            String r = new String(s.getInputStream().readAllBytes());
            return r.substring(r.indexOf("\r\n\r\n") + 4);
        } catch (Exception e) {
            return e.toString();
        }
    }
}

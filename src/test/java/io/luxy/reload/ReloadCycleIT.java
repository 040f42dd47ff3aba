package io.luxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.proxy.Server;
import io.luxy.support.LuxyTestBase;

/** Reloads through {@link GenerationSwitch#reload()}: binds added and removed, server state carried, no leaks. */
class ReloadCycleIT extends LuxyTestBase {

    @TempDir
    Path tmp;

    private GenerationSwitch generations;

    @AfterEach
    void stopSwitch() throws Exception {
        if (generations != null) {
            generations.retire().toCompletionStage().toCompletableFuture().get();
        }
    }

    private Path write(String cfg) throws IOException {
        Path f = tmp.resolve("haproxy.cfg");
        Files.writeString(f, cfg.replace("@LUA@", LUA.toString()));
        return f;
    }

    @Test
    void reload_opensAddedBinds_closesRemovedOnes_carriesServerState() throws Exception {
        int a = freePort();
        int b = freePort();
        int backendPort = freePort();
        String head = """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                backend be
                    server s1 127.0.0.1:%d weight 10
                    server s2 127.0.0.1:%d weight 20
                """.formatted(backendPort, backendPort);
        Path cfg = write(head + "frontend fa\n    bind 127.0.0.1:" + a + "\n    default_backend be\n");
        generations = new GenerationSwitch(vertx(), List.of(cfg), GenerationSwitch.eventLoops(vertx()), UnaryOperator.identity(), 2000);
        generations.start();
        Server s1 = generations.current().model().backends().get("be").server("s1");
        s1.weight(3);
        generations.current().model().backends().get("be").server("s2").admin(Server.AdminState.MAINT);

        write(head + "frontend fb\n    bind 127.0.0.1:" + b + "\n    default_backend be\n");
        assertEquals("success", generations.reload().lastReload());

        new Socket("127.0.0.1", b).close();
        Await.until(() -> refused(a));
        var be = generations.current().model().backends().get("be");
        assertEquals(3, be.server("s1").weight());
        assertEquals(Server.AdminState.MAINT, be.server("s2").admin());
        assertEquals(20, be.server("s2").weight());
    }

    @Test
    void fiftyReloads_underLoad_noFailedRequest_threadsAndHeapReturn() throws Exception {
        int port = freePort();
        Path lua = tmp.resolve("answer.lua");
        Files.writeString(lua, ConfigMapReloadIT.script("r0"));
        Path cfg = tmp.resolve("haproxy.cfg");
        Files.writeString(cfg, ConfigMapReloadIT.cfg(tmp, port));
        generations = new GenerationSwitch(vertx(), List.of(cfg), GenerationSwitch.eventLoops(vertx()), UnaryOperator.identity(), 2000);
        generations.start();
        var threads = ManagementFactory.getThreadMXBean();
        try (HttpLoad load = new HttpLoad(port, 3)) {
            Await.until(() -> load.ok.get() > 100);
            // warm-up reload so that lazily created pools exist at the baseline
            Files.writeString(lua, ConfigMapReloadIT.script("warm"));
            generations.reload();
            Await.until(() -> load.last().equals("warm"));
            Await.until(() -> generations.current().number() == 2);
            int threads0 = threads.getThreadCount();
            long heap0 = heapAfterGc();
            for (int i = 1; i <= 50; i++) {
                Files.writeString(lua, ConfigMapReloadIT.script("r" + i));
                assertEquals("success", generations.reload().lastReload(), "reload " + i);
            }
            Await.until(() -> load.last().equals("r50"));
            long before = load.ok.get();
            Await.until(() -> load.ok.get() > before + 100);
            load.close();
            assertEquals(List.of(), List.copyOf(load.failures), "failed requests over 50 reloads");
            Await.until(() -> threads.getThreadCount() <= threads0 * 1.10 + 3);
            Await.until(() -> heapAfterGc() <= heap0 * 1.10 + 2_000_000);
            System.out.printf("50 reloads: %d requests; threads %d -> %d; heap after GC %d KB -> %d KB%n",
                    load.ok.get(), threads0, threads.getThreadCount(), heap0 / 1024, heapAfterGc() / 1024);
        }
        assertEquals(52, generations.current().number());
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

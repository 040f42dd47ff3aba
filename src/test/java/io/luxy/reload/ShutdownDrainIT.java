package io.luxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.support.LuxyTestBase;

/**
 * SIGTERM to the packaged jar under load: readiness turns DOWN at once while the listeners keep
 * serving for {@code luxy.shutdown.grace}; the load stops once readiness is DOWN (as Kubernetes
 * removes the endpoint), requests in flight finish, and the process exits 0. SIGHUP reloads.
 */
class ShutdownDrainIT extends LuxyTestBase {

    @TempDir
    Path tmp;

    private static int status(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            return c.getResponseCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void sigterm_underLoad_readinessDownFirst_noFailedRequest_exit0() throws Exception {
        int port = freePort();
        int management = freePort();
        Path lua = tmp.resolve("answer.lua");
        Files.writeString(lua, """
                core.register_service("answer", "http", function(applet)
                  core.msleep(30)
                  local body = "ok"
                  applet:set_status(200)
                  applet:add_header("content-length", string.len(body))
                  applet:start_response()
                  applet:send(body)
                end)
                """);
        Path cfg = tmp.resolve("haproxy.cfg");
        Files.writeString(cfg, ConfigMapReloadIT.cfg(tmp, port));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = tmp.resolve("luxy.log");
        Process p = new ProcessBuilder(java, "-Dquarkus.management.port=" + management, "-Dquarkus.http.port=" + freePort(),
                "-Dluxy.shutdown.grace=3s", "-Dluxy.health.readiness.checktcp.service=answer",
                "-jar", "target/quarkus-app/quarkus-run.jar", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Await.until(() -> status(management, "/q/health/ready") == 200, 60_000);
            assertEquals(200, status(management, "/q/health/started"));

            new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
            Await.until(() -> {
                try {
                    return Files.readString(log).contains("Luxy generation 2 serving");
                } catch (Exception e) {
                    return false;
                }
            });

            try (HttpLoad load = new HttpLoad(port, 4)) {
                Await.until(() -> load.ok.get() > 50);
                p.destroy(); // SIGTERM
                Await.until(() -> status(management, "/q/health/ready") != 200, 3_000);
                long afterTerm = load.ok.get();
                Await.until(() -> load.ok.get() > afterTerm + 20, 2_500);
                load.close(); // Kubernetes has removed the endpoint: no new connections
                assertEquals(List.of(), List.copyOf(load.failures), "failed requests during shutdown");
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Luxy did not exit");
            assertEquals(0, p.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("Luxy stops accepting and drains"));
        } finally {
            p.destroyForcibly();
        }
    }
}

package io.luxy.lua.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;

/**
 * {@code lua-load} vs {@code lua-load-per-thread} (HAProxy doc/configuration.txt 3.1): a shared
 * state's globals are seen by every request and {@code core.thread} is 0; per-thread states
 * ({@code core.thread} 1..n) each have their own globals; a CPU-bound service on per-thread states
 * runs on two requests at the same time (their [start, end] intervals, recorded by the script
 * with {@code core.now()}, overlap).
 */
class LuaLoadModesIT extends LuxyTestBase {

    private static final String SCRIPT = """
            counter = 0
            local function now_us()
                local t = core.now()
                return t.sec * 1000000 + t.usec
            end
            core.register_service("count", "http", function(applet)
                counter = counter + 1
                local body = core.thread .. " " .. counter
                applet:add_header("content-length", #body)
                applet:start_response()
                applet:send(body)
            end)
            core.register_service("burn", "http", function(applet)
                local start = now_us()
                local x = 0
                -- CPU-bound: about 300 ms of Lua work, no yield
                while now_us() - start < 300000 do
                    for i = 1, 1000 do x = x + i % 7 end
                end
                local body = core.thread .. " " .. start .. " " .. now_us()
                applet:add_header("content-length", #body)
                applet:start_response()
                applet:send(body)
            end)
            """;

    private int start(String directive) throws Exception {
        Path lua = Files.createTempFile("load-modes", ".lua");
        Files.writeString(lua, SCRIPT);
        int port = freePort();
        startProxy("""
                global
                    %s %s
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.burn if { path /burn }
                    http-request use-service lua.count
                """.formatted(directive, lua, port));
        return port;
    }

    /** One request on a new connection (a fresh client each time, so connections spread over the event loops). */
    private static String get(int port, String path) throws Exception {
        try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        }
    }

    @Test
    void luaLoad_globalsSharedAcrossRequests_threadZero() throws Exception {
        int port = start("lua-load");
        for (int i = 1; i <= 8; i++) {
            assertEquals("0 " + i, get(port, "/c"));
        }
    }

    @Test
    void luaLoadPerThread_eachStateHasItsOwnGlobals() throws Exception {
        int port = start("lua-load-per-thread");
        Map<String, List<Integer>> perThread = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            String[] p = get(port, "/c").split(" ");
            perThread.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Integer.parseInt(p[1]));
        }
        assertTrue(perThread.size() >= 2, "requests reached one state only: " + perThread);
        for (Map.Entry<String, List<Integer>> e : perThread.entrySet()) {
            assertTrue(Integer.parseInt(e.getKey()) >= 1, "per-thread states are numbered from 1: " + perThread);
            List<Integer> seen = e.getValue();
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i + 1, seen.get(i), "state " + e.getKey() + " counts its own requests: " + perThread);
            }
        }
    }

    @Test
    void luaLoadPerThread_cpuBoundServiceRunsInParallel() throws Exception {
        int port = start("lua-load-per-thread");
        get(port, "/c"); // warm-up
        boolean overlapped = false;
        List<String> seen = new ArrayList<>();
        for (int attempt = 0; attempt < 3 && !overlapped; attempt++) {
            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> call(port));
            CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> call(port));
            String[] x = a.get(20, TimeUnit.SECONDS).split(" ");
            String[] y = b.get(20, TimeUnit.SECONDS).split(" ");
            seen.add(String.join(" ", x) + " / " + String.join(" ", y));
            long xs = Long.parseLong(x[1]);
            long xe = Long.parseLong(x[2]);
            long ys = Long.parseLong(y[1]);
            long ye = Long.parseLong(y[2]);
            overlapped = !x[0].equals(y[0]) && xs < ye && ys < xe;
        }
        assertTrue(overlapped, "two CPU-bound requests on two per-thread states never overlapped in time: " + seen);
    }

    private static String call(int port) {
        try {
            return get(port, "/burn");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

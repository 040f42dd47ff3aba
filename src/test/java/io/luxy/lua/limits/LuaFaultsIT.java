package io.luxy.lua.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.luxy.lua.engine.LuaReporter;
import io.luxy.support.LuxyTestBase;

/**
 * Lua faults stay contained under load, over real sockets (issue 12): while a few clients hammer
 * a memory bomb ({@code s = s .. s} under {@code tune.lua.maxmem 64}) or endless loops (no
 * function call in the loop, {@code tune.lua.session-timeout}/{@code service-timeout} 100 ms)
 * on one frontend, a healthy Lua service of the same shared state on another frontend answers
 * every request. Each faulty call fails fast, as HAProxy 2.6 fails it: the bomb's service with
 * 500 and an out-of-memory error (never the 4 s timeout, never the JVM heap), a looping action by
 * being aborted (the request goes on), a looping service with 500. "Fast" is asserted through
 * counts (how many faulty calls ended in the window), not latencies; the latencies are printed,
 * and measured side by side with HAProxy in src/bench/faults.sh.
 */
class LuaFaultsIT extends LuxyTestBase {

    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final int FAULT_CLIENTS = 3;
    private static final int HEALTHY_CLIENTS = 3;

    /** The bench's script (src/bench/faults.sh): bomb, loop_while/for/repeat, spin, healthy. */
    private static final Path LUA = Path.of("src/bench/cfg/faults.lua").toAbsolutePath();

    private static final String FRONTENDS = """
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend healthy
                bind 127.0.0.1:%d
                http-request use-service lua.healthy
            frontend faulty
                bind 127.0.0.1:%d
                http-request use-service lua.bomb if { path /bomb }
                http-request use-service lua.spin if { path /spin }
                http-request lua.loop_while if { path /while }
                http-request lua.loop_for if { path /for }
                http-request lua.loop_repeat if { path /repeat }
                http-request return status 200 content-type text/plain string after-action
            """;

    /** What the clients of one path saw: statuses, errors (exceptions), latencies. */
    private static final class Seen {
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();
        final List<Long> micros = Collections.synchronizedList(new ArrayList<>());

        long count(int status) {
            AtomicLong n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        long total() {
            return statuses.values().stream().mapToLong(AtomicLong::get).sum();
        }

        String latencies() {
            List<Long> l = new ArrayList<>(micros);
            if (l.isEmpty()) {
                return "no request";
            }
            Collections.sort(l);
            return "%d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(l.size(),
                    l.get(l.size() / 2) / 1000.0, l.get(Math.min(l.size() - 1, (int) (l.size() * 0.99))) / 1000.0,
                    l.get(l.size() - 1) / 1000.0);
        }
    }

    private record Started(Path script, int healthy, int faulty) {
    }

    private Started start(String tune) throws Exception {
        int healthy = freePort();
        int faulty = freePort();
        startProxy("global\n    lua-load " + LUA + "\n" + tune + FRONTENDS.formatted(healthy, faulty));
        return new Started(LUA, healthy, faulty);
    }

    /** Runs one client thread per url, each sending requests one after another until the window ends. */
    private static void hammer(Map<String, Seen> urls, int clientsEach) throws InterruptedException {
        long end = System.nanoTime() + WINDOW.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<String, Seen> e : urls.entrySet()) {
            for (int i = 0; i < clientsEach; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5)).build()) {
                        HttpRequest r = HttpRequest.newBuilder(URI.create(e.getKey())).timeout(Duration.ofSeconds(20)).build();
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> resp = c.send(r, HttpResponse.BodyHandlers.ofString());
                                e.getValue().micros.add((System.nanoTime() - t0) / 1000);
                                e.getValue().statuses.computeIfAbsent(resp.statusCode(), k -> new AtomicLong()).incrementAndGet();
                                e.getValue().bodies.computeIfAbsent(resp.body(), k -> new AtomicLong()).incrementAndGet();
                            } catch (Exception ex) {
                                e.getValue().errors.incrementAndGet();
                            }
                        }
                    }
                }));
            }
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    private static long timeouts(Path script) {
        long n = 0;
        for (String f : List.of("loop_while", "loop_for", "loop_repeat", "spin")) {
            n += LuaReporter.errors(script.toString(), f, LuaReporter.Kind.EXECUTION_TIMEOUT);
        }
        return n;
    }

    private static void assertHealthy(Seen healthy) {
        System.out.println("  healthy: " + healthy.latencies() + ", statuses " + healthy.statuses + ", errors " + healthy.errors);
        assertEquals(0, healthy.errors.get(), "errors on the healthy frontend");
        assertEquals(healthy.total(), healthy.count(200), "every healthy request answered 200: " + healthy.statuses);
        assertTrue(healthy.total() > 0, "the healthy frontend was served");
    }

    @Test
    void memoryBomb_failsWith500InMilliseconds_andTheHealthyFrontendAnswersEveryRequest() throws Exception {
        // the default service-timeout (4 s): only maxmem can stop the bomb quickly
        Started s = start("    tune.lua.maxmem 64\n");
        String script = s.script().toString();
        long oom0 = LuaReporter.errors(script, "bomb", LuaReporter.Kind.OUT_OF_MEMORY);
        long timeouts0 = LuaReporter.errors(script, "bomb", LuaReporter.Kind.EXECUTION_TIMEOUT);
        Seen bomb = new Seen();
        Seen healthy = new Seen();
        hammer(Map.of("http://127.0.0.1:" + s.faulty() + "/bomb", bomb, "http://127.0.0.1:" + s.healthy() + "/x", healthy),
                FAULT_CLIENTS);
        System.out.println("memory bomb, " + FAULT_CLIENTS + " clients:");
        System.out.println("  bomb: " + bomb.latencies() + ", statuses " + bomb.statuses + ", errors " + bomb.errors);
        assertHealthy(healthy);
        assertEquals(0, bomb.errors.get());
        assertEquals(bomb.total(), bomb.count(500), "every bomb call answered 500: " + bomb.statuses);
        assertEquals(bomb.total(), LuaReporter.errors(script, "bomb", LuaReporter.Kind.OUT_OF_MEMORY) - oom0, "each stopped by maxmem");
        assertEquals(timeouts0, LuaReporter.errors(script, "bomb", LuaReporter.Kind.EXECUTION_TIMEOUT), "none ran into the 4 s timeout");
        // unbounded, one call took seconds (a 2 GB string); bounded, each allocates ~64 MB
        assertTrue(bomb.total() >= 3L * FAULT_CLIENTS, "bomb calls ended in " + WINDOW + ": " + bomb.total());
    }

    @Test
    void endlessLoops_areStoppedAfterTheirTimeout_underLoad_andTheHealthyFrontendAnswersEveryRequest() throws Exception {
        Started s = start("    tune.lua.session-timeout 100\n    tune.lua.service-timeout 100\n");
        long timeouts0 = timeouts(s.script());
        String base = "http://127.0.0.1:" + s.faulty();
        Map<String, Seen> loops = Map.of(base + "/while", new Seen(), base + "/for", new Seen(), base + "/repeat", new Seen(),
                base + "/spin", new Seen());
        Seen healthy = new Seen();
        Map<String, Seen> all = new java.util.HashMap<>(loops);
        all.put("http://127.0.0.1:" + s.healthy() + "/x", healthy);
        hammer(all, 1);
        System.out.println("endless loops, one client each, timeouts 100 ms:");
        long ended = 0;
        for (Map.Entry<String, Seen> e : loops.entrySet()) {
            Seen seen = e.getValue();
            System.out.println("  " + e.getKey() + ": " + seen.latencies() + ", statuses " + seen.statuses);
            assertEquals(0, seen.errors.get(), e.getKey());
            if (e.getKey().endsWith("/spin")) {
                assertEquals(seen.total(), seen.count(500), "a looping service answers 500: " + seen.statuses);
            } else {
                assertEquals(seen.total(), seen.bodies.getOrDefault("after-action", new AtomicLong()).get(),
                        "a looping action is aborted and the request goes on: " + seen.bodies.keySet());
            }
            ended += seen.total();
        }
        assertHealthy(healthy);
        assertEquals(ended, timeouts(s.script()) - timeouts0, "each looping call ended by its timeout");
        // 4 loops at a time in one state: had each counted only its own turns, every call would
        // take ~4 x 100 ms (~2 s measured with a busy neighbour), ~6 calls in the window; each
        // call ending within 2 x 100 ms gives ~60; 20 leaves room for a loaded machine
        assertTrue(ended >= 20, "looping calls ended in " + WINDOW + ": " + ended);
    }
}

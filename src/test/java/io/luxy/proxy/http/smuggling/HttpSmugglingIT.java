package io.luxy.proxy.http.smuggling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * The HTTP smuggling and malformed-request suite (issue 12): every case of {@code
 * smuggling/cases.txt} (raw HTTP/1 bytes) and of {@link SmugglingCase#h2Cases()} (raw HTTP/2
 * frames) is sent over a real socket to its own frontend, whose only server is a
 * {@link RecordingBackend} port; what the client got and the exact bytes the server received
 * are the case's result.
 * <ul>
 * <li>{@link #haproxyMatchesGolden()} runs HAProxy 2.6.12 on {@link #cfg} and checks its results
 * against the committed {@code smuggling/haproxy-2.6.12.golden} (skipped, visibly, without
 * HAProxy 2.6.12); with {@code -Dsmuggling.regenerate=true} it rewrites that file first, from
 * {@code smuggling.rounds} (default 3) runs that must agree, so no timing-dependent result
 * becomes golden.</li>
 * <li>{@link #luxyMatchesHaproxy()} runs Luxy on the same cfg and compares each case with the
 * golden result by {@link Comparison}: same status codes (or both closed without one), nothing
 * forwarded where HAProxy forwarded nothing, otherwise the same requests with the same request
 * line, framing and body, and the same headers except the differences {@link Deviations} lists
 * for that case with a reason.</li>
 * </ul>
 * Regenerate: {@code ./mvnw verify -Dtest=none -Dit.test='HttpSmugglingIT#haproxyMatchesGolden'
 * -Dsmuggling.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}. Each Luxy run also writes every mismatch, and the
 * cases that passed through a listed deviation, to {@code target/smuggling-report.txt}.
 */
class HttpSmugglingIT extends LuxyTestBase {

    /** The committed HAProxy 2.6.12 reference. */
    static final Path GOLDEN = Path.of("src/test/resources/smuggling/haproxy-2.6.12.golden");
    /** Where each Luxy run writes its mismatches. */
    static final Path REPORT = Path.of("target/smuggling-report.txt");
    /** The HAProxy version the golden file is from. */
    static final String HAPROXY_VERSION = "2.6.12";

    /** How long a client waits for the proxy to close (every case ends well before: timeouts are 1 s). */
    static final long CLIENT_CAP_MS = 3000;
    /** Cases run at once (each has its own ports, so they do not interfere). */
    static final int PARALLEL = 16;

    /**
     * The configuration both proxies run: one {@code listen} per case (HTTP/2 cases on a {@code
     * proto h2} bind), HAProxy's default limits ({@code tune.bufsize} 16384, {@code tune.maxrewrite}
     * 1024, {@code tune.http.maxhdr} 101) and short timeouts so that every exchange ends on its own:
     * an idle keep-alive connection is closed after 100 ms, an incomplete request gets 408 after 1 s.
     * No {@code option forwardfor} or other header rewriting: what servers get is the parser's doing.
     * The recording server answers with {@code Connection: close}, so each forwarded request has a
     * connection of its own on both proxies and nothing is pooled between cases.
     */
    static String cfg(List<SmugglingCase> cases, Map<String, int[]> ports) {
        StringBuilder sb = new StringBuilder("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                    timeout http-request 1s
                    timeout http-keep-alive 100ms
                """);
        for (SmugglingCase c : cases) {
            int[] p = ports.get(c.name());
            sb.append("listen ").append(c.name()).append('\n')
                    .append("    bind 127.0.0.1:").append(p[0]).append(c.h2() ? " proto h2" : "").append('\n')
                    .append("    server s 127.0.0.1:").append(p[1]).append('\n');
        }
        return sb.toString();
    }

    /** Two fresh ports per case: the frontend's and the recording server's. */
    static Map<String, int[]> ports(List<SmugglingCase> cases) throws IOException {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (SmugglingCase c : cases) {
            out.put(c.name(), new int[] {freePort(), freePort()});
        }
        return out;
    }

    /** Runs every case ({@link #PARALLEL} at a time) against the proxy listening on the given ports. */
    static Map<String, Golden> runAll(List<SmugglingCase> cases, Map<String, int[]> ports, RecordingBackend rec)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            Map<String, Future<Golden>> futures = new LinkedHashMap<>();
            for (SmugglingCase c : cases) {
                int[] p = ports.get(c.name());
                futures.put(c.name(), pool.submit(() -> runOne(c, p[0], p[1], rec)));
            }
            Map<String, Golden> out = new LinkedHashMap<>();
            for (var e : futures.entrySet()) {
                out.put(e.getKey(), e.getValue().get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One case: its exchange, then what the server received once every server connection has
     * ended. A repeated case keeps the first client result, and appends any later one that differs.
     */
    private static Golden runOne(SmugglingCase c, int fe, int be, RecordingBackend rec) throws Exception {
        String first = null;
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < c.repeat(); i++) {
            String client;
            if (c.h2()) {
                client = "h2 " + String.join(" | ", H2Client.exchange(fe, c.frames(), CLIENT_CAP_MS));
            } else {
                RawClient.Reply r = RawClient.exchange(fe, c.raw(), CLIENT_CAP_MS);
                client = (r.closed() ? "closed " : "open ") + Escapes.escape(r.bytes());
            }
            if (first == null) {
                first = client;
            } else if (!client.equals(first)) {
                others.append(" || exchange ").append(i + 1).append(": ").append(client);
            }
            // the proxy closes its server connections once the client is gone; the server caps each at 5 s
            Await.until(() -> rec.idle(be));
        }
        return new Golden(first + others, rec.connections(be));
    }

    /**
     * Runs HAProxy on {@link #cfg} and every case against it. Ports are free when chosen, but
     * other processes' connections may take one before HAProxy binds: then it starts again on
     * fresh ports (three attempts).
     */
    static Map<String, Golden> runHaproxy(List<SmugglingCase> cases) throws Exception {
        for (int attempt = 1;; attempt++) {
            Map<String, int[]> ports = ports(cases);
            try (RecordingBackend rec = new RecordingBackend()) {
                for (int[] p : ports.values()) {
                    rec.listen(p[1]);
                }
                int first = ports.values().iterator().next()[0];
                HaproxyRunner h;
                try {
                    h = HaproxyRunner.start(cfg(cases, ports), first);
                } catch (IllegalStateException e) {
                    if (attempt < 3 && e.getMessage().contains("cannot bind")) {
                        continue;
                    }
                    throw e;
                }
                try (h) {
                    return runAll(cases, ports, rec);
                }
            }
        }
    }

    /** The installed HAProxy's version line, or null when it is not installed. */
    static String haproxyVersion() throws Exception {
        if (!HaproxyRunner.installed()) {
            return null;
        }
        Process p = new ProcessBuilder("/usr/sbin/haproxy", "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(5, TimeUnit.SECONDS);
        return out.lines().findFirst().orElse("");
    }

    @TestFactory
    Stream<DynamicTest> haproxyMatchesGolden() throws Exception {
        String version = haproxyVersion();
        assumeTrue(version != null, "HAProxy is not installed: the golden file is not re-checked against it");
        assumeTrue(version.contains("version " + HAPROXY_VERSION),
                "the golden file is HAProxy " + HAPROXY_VERSION + "'s, the installed one is: " + version);
        List<SmugglingCase> cases = SmugglingCase.all();
        boolean regenerate = Boolean.getBoolean("smuggling.regenerate");
        int rounds = Integer.getInteger("smuggling.rounds", regenerate ? 3 : 1);
        Map<String, Golden> live = runHaproxy(cases);
        List<String> unstable = new ArrayList<>();
        for (int i = 1; i < rounds; i++) {
            Map<String, Golden> again = runHaproxy(cases);
            cases.stream().map(SmugglingCase::name).filter(n -> !again.get(n).equals(live.get(n)) && !unstable.contains(n))
                    .forEach(unstable::add);
        }
        assertTrue(unstable.isEmpty(), "HAProxy's result changed between rounds (timing-dependent cases cannot be golden): "
                + unstable);
        if (regenerate) {
            Golden.write(GOLDEN, """
                    What HAProxy answered (client) and forwarded (backend: the bytes of each server connection) for each
                    case of HttpSmugglingIT, on the configuration HttpSmugglingIT.cfg; the same in %d rounds. HAProxy: %s
                    Generated by: ./mvnw verify -Dtest=none -Dit.test=HttpSmugglingIT -Dsmuggling.regenerate=true \\
                      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
                    Notation: see Escapes (\\r \\n \\xNN, {{N*x}} = x repeated N times). Do not edit by hand.\
                    """.formatted(rounds, version), live);
        }
        Map<String, Golden> golden = Golden.read(GOLDEN);
        assertEquals(cases.stream().map(SmugglingCase::name).toList(), List.copyOf(golden.keySet()),
                "the golden file's cases are not the suite's: regenerate it");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertEquals(golden.get(c.name()).describe(),
                live.get(c.name()).describe(), c.name() + ": HAProxy " + HAPROXY_VERSION + " no longer gives the golden result")));
    }

    @TestFactory
    Stream<DynamicTest> luxyMatchesHaproxy() throws Exception {
        assertTrue(Files.exists(GOLDEN), GOLDEN + " is missing: generate it (see the class comment)");
        List<SmugglingCase> cases = SmugglingCase.all();
        Map<String, Golden> golden = Golden.read(GOLDEN);
        Map<String, Golden> ran = null;
        for (int attempt = 1; ran == null; attempt++) {
            Map<String, int[]> ports = ports(cases);
            try (RecordingBackend rec = new RecordingBackend()) {
                for (int[] p : ports.values()) {
                    rec.listen(p[1]);
                }
                try {
                    startProxy(cfg(cases, ports));
                } catch (Exception e) {
                    // a port taken by another process's connection since it was chosen: again on fresh ports
                    if (attempt < 3 && String.valueOf(e.getMessage()).contains("in use")) {
                        continue;
                    }
                    throw e;
                }
                ran = runAll(cases, ports, rec);
            }
        }
        Map<String, Golden> luxy = ran;
        Map<String, Comparison.Result> results = new LinkedHashMap<>();
        StringBuilder mismatches = new StringBuilder();
        StringBuilder allowed = new StringBuilder();
        for (SmugglingCase c : cases) {
            Golden h = golden.get(c.name());
            Comparison.Result r = h == null
                    ? new Comparison.Result(List.of("no golden result: regenerate " + GOLDEN), List.of())
                    : Comparison.compare(c, h, luxy.get(c.name()));
            results.put(c.name(), r);
            if (!r.mismatches().isEmpty()) {
                mismatches.append("== ").append(c.name()).append('\n');
                r.mismatches().forEach(d -> mismatches.append("  ").append(d).append('\n'));
                mismatches.append("  HAProxy ").append(h == null ? "?" : h.describe()).append("\n  Luxy    ")
                        .append(luxy.get(c.name()).describe()).append("\n\n");
            } else if (!r.allowed().isEmpty()) {
                allowed.append(c.name()).append(": ").append(String.join("; ", r.allowed())).append('\n');
            }
        }
        long failed = results.values().stream().filter(r -> !r.mismatches().isEmpty()).count();
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "Luxy vs HAProxy " + HAPROXY_VERSION + ": " + failed + " of " + cases.size()
                + " cases differ\n\n" + mismatches + "\nCases that pass through a listed deviation:\n" + allowed);
        Stream<DynamicTest> tableCheck = Stream.of(DynamicTest.dynamicTest("deviation table names only cases", () -> {
            java.util.Set<String> unknown = new java.util.TreeSet<>(Deviations.names());
            cases.forEach(c -> unknown.remove(c.name()));
            assertTrue(unknown.isEmpty(), "Deviations lists cases the suite does not have: " + unknown);
        }));
        return Stream.concat(tableCheck, cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Comparison.Result r = results.get(c.name());
            assertTrue(r.mismatches().isEmpty(), () -> c.name() + " differs from HAProxy " + HAPROXY_VERSION + ":\n  "
                    + String.join("\n  ", r.mismatches()) + "\n  HAProxy " + golden.get(c.name()).describe()
                    + "\n  Luxy    " + luxy.get(c.name()).describe());
        })));
    }
}

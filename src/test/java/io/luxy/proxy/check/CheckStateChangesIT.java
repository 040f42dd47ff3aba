package io.luxy.proxy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.proxy.Server;
import io.luxy.proxy.balance.NamedBackends;
import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * The check features that change a server's state besides UP/DOWN, against real HTTP servers on
 * loopback: {@code http-check disable-on-404} (NOLB: UP but out of balancing, back at the next
 * 2xx), {@code http-check send-state} (the X-Haproxy-Server-State header), {@code option
 * log-health-checks} (a line per status change, HAProxy's words as printed by 2.6.12) and
 * {@code slowstart} (the weight ramps after coming UP), and a {@code tcp-check connect} after the first.
 */
class CheckStateChangesIT extends LuxyTestBase {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private volatile int status = 200;
    private final List<String> stateHeaders = new CopyOnWriteArrayList<>();
    private int checked;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("luxy.check").addHandler(capture);
        checked = freePort();
        vertx().createHttpServer().requestHandler(req -> {
            String h = req.getHeader("X-Haproxy-Server-State");
            if (h != null) {
                stateHeaders.add(h);
            }
            req.response().setStatusCode(req.path().equals("/health") ? status : 200).end("s1");
        }).listen(checked, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("luxy.check").removeHandler(capture);
    }

    private Generation proxy(int fe, int other, String options, String serverOptions) throws Exception {
        return startProxy("""
                defaults
                    mode http
                    timeout connect 500ms
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    option httpchk GET /health
                %s
                    server s1 127.0.0.1:%d check inter 100 rise 2 fall 2 %s
                    server s2 127.0.0.1:%d
                """.formatted(fe, options, checked, serverOptions, other));
    }

    @Test
    void disableOn404_nolbKeepsServerUpButOutOfBalancing_andSendStateTellsTheServer() throws Exception {
        NamedBackends nb = new NamedBackends(vertx());
        int p2 = freePort();
        nb.start("s2", p2);
        int fe = freePort();
        Generation g = proxy(fe, p2, "    http-check disable-on-404\n    http-check send-state", "");
        Server s1 = g.model().backends().get("be").server("s1");
        Await.until(() -> s1.checkState().stable());
        assertTrue(nb.count(fe, "/", 20).containsKey("s1"));
        status = 404;
        Await.until(s1::nolb);
        assertTrue(s1.up());
        assertEquals(CheckStatus.L7OKC, s1.checkState().last().status());
        assertEquals(Map.of("s2", 20), nb.count(fe, "/", 20));
        Await.until(() -> stateHeaders.stream().anyMatch(h -> h.startsWith("NOLB;")));
        status = 200;
        Await.until(() -> !s1.nolb());
        assertTrue(nb.count(fe, "/", 20).containsKey("s1"));
        // the very first check goes out with health = rise: "UP 1/2" (HAProxy starts servers so)
        String first = stateHeaders.get(0);
        assertTrue(first.matches("UP( 1/2)?; address=127\\.0\\.0\\.1; port=" + checked + "; name=be/s1; node=[^;]+; weight=1/2; "
                + "scur=0/\\d+; qcur=0"), first);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Server be/s1 is stopping, reason: Layer7 check conditionally passed, "
                + "code: 404, check duration: ") && l.endsWith("ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Server be/s1 is UP, reason: Layer7 check passed, code: 200")), lines.toString());
    }

    @Test
    void disableOn404_doesNotBringADownServerUp() throws Exception {
        int fe = freePort();
        status = 500;
        Generation g = proxy(fe, freePort(), "    http-check disable-on-404", "");
        Server s1 = g.model().backends().get("be").server("s1");
        Await.until(() -> !s1.up());
        status = 404;
        Await.until(() -> s1.checkState().last().status() == CheckStatus.L7STS && s1.checkState().last().code() == 404);
        assertFalse(s1.up());
    }

    @Test
    void logHealthChecks_logsEveryStatusChangeAsHaproxy() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, freePort(), "    option log-health-checks", "");
        Server s1 = g.model().backends().get("be").server("s1");
        Await.until(() -> s1.checkState().stable());
        status = 500;
        Await.until(() -> !s1.up());
        status = 200;
        Await.until(s1::up);
        List<String> health = lines.stream().filter(l -> l.startsWith("Health check for server be/s1")).map(l -> l.replaceAll(
                "duration: \\d+ms", "duration: Xms")).toList();
        // the sequence HAProxy 2.6.12 prints for the same cfg and server behaviour (first success, two failures, two successes)
        assertEquals(List.of(
                "Health check for server be/s1 succeeded, reason: Layer7 check passed, code: 200, check duration: Xms, status: 2/2 UP.",
                "Health check for server be/s1 failed, reason: Layer7 wrong status, code: 500, info: \"Internal Server Error\", "
                        + "check duration: Xms, status: 1/2 UP.",
                "Health check for server be/s1 failed, reason: Layer7 wrong status, code: 500, info: \"Internal Server Error\", "
                        + "check duration: Xms, status: 0/2 DOWN.",
                "Health check for server be/s1 succeeded, reason: Layer7 check passed, code: 200, check duration: Xms, status: 1/2 DOWN.",
                "Health check for server be/s1 succeeded, reason: Layer7 check passed, code: 200, check duration: Xms, status: 2/2 UP."),
                health);
        assertTrue(lines.contains("Server be/s1 is DOWN. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, "
                + "0 remaining in queue."), lines.toString());
        assertTrue(lines.contains("Server be/s1 is UP. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."),
                lines.toString());
    }

    @Test
    void slowstart_weightRampsUpAfterComingUp() throws Exception {
        int fe = freePort();
        status = 500;
        Generation g = proxy(fe, freePort(), "", "weight 100 slowstart 1s");
        Server s1 = g.model().backends().get("be").server("s1");
        Await.until(() -> !s1.up());
        assertEquals(1000, s1.ramp(), "no ramp while DOWN");
        status = 200;
        Await.until(s1::up);
        int early = s1.weight();
        assertTrue(early < 100, "weight right after UP: " + early);
        Await.until(() -> s1.weight() > early && s1.weight() < 100);
        Await.until(() -> s1.weight() == 100);
    }

    @Test
    void tcpCheck_laterConnectOpensANewConnection() throws Exception {
        int hello = freePort();
        int second = freePort();
        vertx().createNetServer().connectHandler(so -> so.end(io.vertx.core.buffer.Buffer.buffer("HELLO\n")))
                .listen(hello, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Generation g = startProxy("""
                defaults
                    mode tcp
                    timeout connect 500ms
                    timeout client 5s
                    timeout server 5s
                    timeout check 500ms
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    option tcp-check
                    tcp-check connect port %d
                    tcp-check expect string HELLO
                    tcp-check connect port %d
                    tcp-check expect string WORLD
                    server s1 127.0.0.1:%d check inter 100 rise 1 fall 1
                """.formatted(freePort(), hello, second, hello));
        Server s1 = g.model().backends().get("be").server("s1");
        Await.until(() -> !s1.up());
        // HAProxy 2.6.12 prints the same info for this cfg
        assertEquals("Connection refused at step 3 of tcp-check (connect port " + second + ")", s1.checkState().last().info());
        vertx().createNetServer().connectHandler(so -> so.end(io.vertx.core.buffer.Buffer.buffer("WORLD\n")))
                .listen(second, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Await.until(s1::up);
        assertEquals(CheckStatus.L7OK, s1.checkState().last().status());
    }

    @Test
    void httpCheckConnectPort_sendsTheCheckThere() throws Exception {
        Generation g = startProxy("""
                defaults
                    mode http
                    timeout connect 500ms
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    option httpchk
                    http-check connect port %d
                    http-check send meth GET uri /health
                    server s1 127.0.0.1:%d check inter 100 rise 1 fall 1
                """.formatted(freePort(), checked, freePort()));
        Server s1 = g.model().backends().get("be").server("s1");
        Await.until(() -> s1.checkState().last().status() == CheckStatus.L7OK);
        status = 503;
        Await.until(() -> !s1.up());
    }
}

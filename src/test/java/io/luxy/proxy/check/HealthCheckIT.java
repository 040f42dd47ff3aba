package io.luxy.proxy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.luxy.proxy.Server;
import io.luxy.proxy.balance.NamedBackends;
import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.EchoServer;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;

/**
 * Active checks against real servers on loopback with a 100 ms {@code inter}: a server goes DOWN
 * after failing checks and UP after {@code rise} passing ones, for TCP connect, {@code option
 * httpchk} with {@code http-check expect status|string}, and {@code tcp-check send/expect}.
 */
class HealthCheckIT extends LuxyTestBase {

    private Generation proxy(int fe, String backend) throws Exception {
        return startProxy("""
                defaults
                    mode http
                    timeout connect 500ms
                    timeout client 5s
                    timeout server 5s
                    timeout check 500ms
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                %s
                """.formatted(fe, backend));
    }

    private static Server server(Generation g, String name) {
        return g.model().backends().get("be").server(name);
    }

    @Test
    void tcpConnect_downAfterFailure_upAfterRise_trafficFollows() throws Exception {
        NamedBackends nb = new NamedBackends(vertx());
        int p1 = freePort();
        int p2 = freePort();
        nb.start("s1", p1);
        HttpServer s2 = nb.start("s2", p2);
        int fe = freePort();
        Generation g = proxy(fe, "    server s1 127.0.0.1:" + p1 + " check inter 100 rise 2 fall 2\n"
                + "    server s2 127.0.0.1:" + p2 + " check inter 100 rise 2 fall 2\n");
        Server srv2 = server(g, "s2");
        Await.until(() -> srv2.checkState().stable());
        assertEquals(CheckStatus.L4OK, srv2.checkState().last().status());
        nb.stop(s2);
        Await.until(() -> !srv2.up());
        assertEquals(CheckStatus.L4CON, srv2.checkState().last().status());
        assertEquals("Connection refused", srv2.checkState().last().info());
        assertEquals(1, srv2.checkState().downTransitions());
        assertEquals(Map.of("s1", 20), nb.count(fe, "/", 20));
        nb.start("s2", p2);
        Await.until(srv2::up);
        assertTrue(srv2.checkState().health() >= 2);
        assertTrue(nb.count(fe, "/", 20).containsKey("s2"));
    }

    @Test
    void failNeedsFallConsecutiveFailures_fromFullHealth() {
        CheckState st = new CheckState(2, 3);
        CheckResult ok = new CheckResult(CheckStatus.L4OK, -1, null, 0);
        CheckResult ko = new CheckResult(CheckStatus.L4CON, -1, "Connection refused", 0);
        // starts UP with health = rise: one failure takes it down (HAProxy's "going down" start)
        assertEquals(-1, new CheckState(2, 3).apply(ko, true));
        assertEquals(0, st.apply(ok, true));
        assertTrue(st.stable());
        assertEquals(0, st.apply(ko, true));
        assertEquals(0, st.apply(ko, true));
        assertEquals(-1, st.apply(ko, true), "third failure (fall 3) takes it down");
        assertEquals(0, st.apply(ok, false));
        assertEquals(1, st.apply(ok, false), "second success (rise 2) takes it up");
    }

    @Test
    void httpchk_expectStatus_marksServerDownOnWrongStatus() throws Exception {
        NamedBackends nb = new NamedBackends(vertx());
        int p1 = freePort();
        nb.start("s1", p1);
        int fe = freePort();
        Generation g = proxy(fe, "    option httpchk GET /status500\n    http-check expect status 200\n"
                + "    server s1 127.0.0.1:" + p1 + " check inter 100 fall 1 rise 1\n");
        Server s1 = server(g, "s1");
        Await.until(() -> !s1.up());
        CheckResult r = s1.checkState().last();
        assertEquals(CheckStatus.L7STS, r.status());
        assertEquals(500, r.code());
        assertEquals("status:503", nb.get(fe, "/"));
    }

    @Test
    void httpchk_expectString_andSendHeaders() throws Exception {
        int p1 = freePort();
        vertx().createHttpServer().requestHandler(req -> req.response()
                        .end("ok".equals(req.getHeader("x-check")) && "/ping".equals(req.path()) ? "all good" : "nope"))
                .listen(p1, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        int fe = freePort();
        Generation g = proxy(fe, "    option httpchk\n    http-check send meth GET uri /ping ver HTTP/1.1 hdr X-Check ok\n"
                + "    http-check expect string good\n"
                + "    server s1 127.0.0.1:" + p1 + " check inter 100 rise 1\n"
                + "    server s2 127.0.0.1:" + p1 + " check inter 100 rise 1 port " + p1 + "\n");
        Server s1 = server(g, "s1");
        Await.until(() -> s1.checkState().last().status() == CheckStatus.L7OK && s1.checkState().stable());
        assertEquals(200, s1.checkState().last().code());
        assertTrue(s1.up());
    }

    @Test
    void httpchk_expectString_failsWhenBodyDiffers() throws Exception {
        NamedBackends nb = new NamedBackends(vertx());
        int p1 = freePort();
        nb.start("s1", p1);
        int fe = freePort();
        Generation g = proxy(fe, "    option httpchk GET /\n    http-check expect string nothere\n"
                + "    server s1 127.0.0.1:" + p1 + " check inter 100\n");
        Server s1 = server(g, "s1");
        Await.until(() -> !s1.up());
        assertEquals(CheckStatus.L7RSP, s1.checkState().last().status());
        assertEquals("HTTP content check did not match", s1.checkState().last().info());
    }

    @Test
    void tcpCheck_sendExpect_passesOnEchoAndFailsOnMismatch() throws Exception {
        int echo = freePort();
        try (EchoServer e = EchoServer.start(echo)) {
            int fe = freePort();
            Generation g = proxy(fe, "    option tcp-check\n    tcp-check connect\n    tcp-check send PING\\r\\n\n"
                    + "    tcp-check expect string PING\n"
                    + "    server s1 127.0.0.1:" + echo + " check inter 100 rise 1\n");
            Server s1 = server(g, "s1");
            Await.until(() -> s1.checkState().last().status() == CheckStatus.L7OK);
            assertEquals("(tcp-check)", s1.checkState().last().info());
            assertTrue(s1.up());
        }
        int echo2 = freePort();
        try (EchoServer e = EchoServer.start(echo2)) {
            int fe = freePort();
            Generation g = startProxy("""
                    backend be2
                        mode tcp
                        timeout check 300ms
                        option tcp-check
                        tcp-check send-binary 50494e47
                        tcp-check expect string PONG
                        server s1 127.0.0.1:%d check inter 100
                    """.formatted(echo2));
            Server s1 = g.model().backends().get("be2").server("s1");
            Await.until(() -> !s1.up());
            CheckResult r = s1.checkState().last();
            assertEquals(CheckStatus.L7TOUT, r.status());
            assertEquals("at step 2 of tcp-check (expect string 'PONG')", r.info());
            assertFalse(s1.up());
        }
    }

    @Test
    void maintServersAreNotChecked() throws Exception {
        int fe = freePort();
        int dead = freePort();
        Generation g = proxy(fe, "    server s1 127.0.0.1:" + dead + " check inter 100 disabled\n");
        Server s1 = server(g, "s1");
        // a disabled server stays in MAINT with no check result while time passes
        long until = System.nanoTime() + 400_000_000L;
        Await.until(() -> System.nanoTime() > until);
        assertEquals(CheckStatus.INI, s1.checkState().last().status());
        s1.admin(Server.AdminState.READY);
        Await.until(() -> !s1.up());
    }
}

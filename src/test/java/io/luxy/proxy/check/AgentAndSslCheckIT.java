package io.luxy.proxy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.proxy.Server;
import io.luxy.proxy.tls.TestCerts;
import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * {@code agent-check} against a real TCP agent on loopback (replies as HAProxy 2.6.12 reacted to
 * them: "50%" halves the weight, "drain"/"ready"/"maint" set the admin state, "down"/"up" take
 * the server DOWN/UP at once (agents have rise 1, fall 1) and log "via agent : down (DESC)"), and {@code check-ssl}: an HTTP check over TLS to a
 * TLS-only server passes, while a clear-text check of the same server fails.
 */
class AgentAndSslCheckIT extends LuxyTestBase {

    private volatile String reply = "up";
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

    @BeforeEach
    void logs() {
        Logger.getLogger("luxy.check").addHandler(capture);
    }

    @AfterEach
    void unlog() {
        Logger.getLogger("luxy.check").removeHandler(capture);
    }

    @Test
    void agentReplies_setWeightAdminStateAndHealth() throws Exception {
        int agent = freePort();
        vertx().createNetServer().connectHandler(so -> so.end(Buffer.buffer(reply + "\n")))
                .listen(agent, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        int srv = freePort();
        vertx().createHttpServer().requestHandler(r -> r.response().end("s1")).listen(srv, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
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
                    server s1 127.0.0.1:%d weight 10 agent-check agent-port %d agent-inter 50
                    server s2 127.0.0.1:%d
                """.formatted(freePort(), srv, agent, srv));
        Server s1 = g.model().backends().get("be").server("s1");
        reply = "50%";
        Await.until(() -> s1.weight() == 5);
        reply = "75% drain";
        Await.until(() -> s1.admin() == Server.AdminState.DRAIN && s1.weight() == 7);
        reply = "ready";
        Await.until(() -> s1.admin() == Server.AdminState.READY);
        reply = "down #going away";
        Await.until(() -> !s1.up());
        reply = "up";
        Await.until(s1::up);
        reply = "maint";
        Await.until(() -> s1.admin() == Server.AdminState.MAINT);
        reply = "ready 100%";
        Await.until(() -> s1.admin() == Server.AdminState.READY && s1.weight() == 10);
        assertTrue(lines.contains("Server be/s1 enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, "
                + "0 total in queue."), lines.toString());
        assertTrue(lines.contains("Server be/s1 is UP (leaving forced drain)."), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Server be/s1 is DOWN, reason: Layer7 wrong status, code: 0, info: "
                + "\"via agent : down (going away)\", check duration: ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Server be/s1 is UP, reason: Layer7 check passed, code: 0, info: "
                + "\"via agent : up\", check duration: ") && l.endsWith(" 2 active and 0 backup servers online. 0 sessions requeued, "
                + "0 total in queue.")), lines.toString());
        assertTrue(lines.contains("Server be/s1 is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, "
                + "0 requeued, 0 remaining in queue."), lines.toString());
        assertTrue(lines.contains("Server be/s1 is UP/READY (leaving forced maintenance)."), lines.toString());
    }

    @Test
    void checkSsl_checksOverTls() throws Exception {
        Path dir = Files.createTempDirectory("check-ssl");
        Path pem = TestCerts.combined(dir, "s.pem", "srv.test", "srv.test");
        int tls = freePort();
        vertx().createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pem.toString()).setKeyPath(pem.toString())))
                .requestHandler(r -> r.response().end("ok")).listen(tls, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Generation g = startProxy("""
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
                    option httpchk GET /
                    server viaSsl 127.0.0.1:%d check check-ssl verify none inter 100 rise 1 fall 1
                    server inherited 127.0.0.1:%d ssl verify none check inter 100 rise 1 fall 1
                    server clear 127.0.0.1:%d check inter 100 rise 1 fall 1
                """.formatted(freePort(), tls, tls, tls));
        Server viaSsl = g.model().backends().get("be").server("viaSsl");
        Server inherited = g.model().backends().get("be").server("inherited");
        Server clear = g.model().backends().get("be").server("clear");
        Await.until(() -> viaSsl.checkState().last().status() == CheckStatus.L7OK
                && inherited.checkState().last().status() == CheckStatus.L7OK && !clear.up());
        assertEquals(200, viaSsl.checkState().last().code());
    }
}

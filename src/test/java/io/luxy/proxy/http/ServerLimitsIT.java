package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.luxy.proxy.Server;
import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Server {@code maxconn} with queueing and {@code timeout queue}, {@code balance leastconn} under
 * real concurrent slow requests, and server slots all given back after a mixed run (successes,
 * retries, errors, client aborts, a WebSocket tunnel).
 */
class ServerLimitsIT extends LuxyTestBase {

    /** A backend: {@code /slow?ms=N} answers after N ms, {@code /ws} echoes WebSocket frames; counts concurrency. */
    static final class SlowServer {
        final String name;
        final HttpServer server;
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final AtomicInteger hits = new AtomicInteger();

        SlowServer(Vertx vertx, String name) throws Exception {
            this.name = name;
            this.server = vertx.createHttpServer().requestHandler(req -> {
                if (req.path().equals("/ws")) {
                    req.toWebSocket().onSuccess(ws -> ws.handler(ws::write));
                    return;
                }
                hits.incrementAndGet();
                int a = active.incrementAndGet();
                maxActive.accumulateAndGet(a, Math::max);
                String ms = req.getParam("ms");
                long delay = ms == null ? 0 : Long.parseLong(ms);
                Runnable answer = () -> {
                    active.decrementAndGet();
                    req.response().putHeader("x-server", name).end(name);
                };
                if (delay > 0) {
                    vertx.setTimer(delay, t -> answer.run());
                } else {
                    answer.run();
                }
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }

        int port() {
            return server.actualPort();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private CompletableFuture<HttpResponse<String>> get(int port, String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Server> servers(Generation g) {
        List<Server> out = new ArrayList<>();
        g.model().backends().values().forEach(b -> out.addAll(b.servers()));
        return out;
    }

    @Test
    void serverMaxconn_queuesConcurrentRequests_servedInTurn() throws Exception {
        SlowServer s1 = new SlowServer(vertx(), "s1");
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                    timeout queue 10s
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d maxconn 1
                """.formatted(fe, s1.port()));
        List<CompletableFuture<HttpResponse<String>>> rs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rs.add(get(fe, "/slow?ms=150"));
        }
        for (var r : rs) {
            assertEquals(200, r.get(10, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(4, s1.hits.get());
        assertEquals(1, s1.maxActive.get(), "never more than maxconn requests at the server");
    }

    @Test
    void timeoutQueue_answers503() throws Exception {
        SlowServer s1 = new SlowServer(vertx(), "s1");
        int fe = freePort();
        Generation g = startProxy("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                    timeout queue 200ms
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d maxconn 1
                """.formatted(fe, s1.port()));
        var slow = get(fe, "/slow?ms=1500");
        Await.until(() -> s1.active.get() == 1);
        HttpResponse<String> queued = get(fe, "/").get(10, TimeUnit.SECONDS);
        assertEquals(503, queued.statusCode());
        assertEquals(ErrorPages.body(503), queued.body());
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode());
        Await.until(() -> servers(g).stream().allMatch(s -> s.currentConns() == 0 && s.queued().get() == 0));
    }

    @Test
    void leastconn_sendsToTheLeastLoadedServer() throws Exception {
        SlowServer a = new SlowServer(vertx(), "a");
        SlowServer b = new SlowServer(vertx(), "b");
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    balance leastconn
                    server a 127.0.0.1:%d
                    server b 127.0.0.1:%d
                """.formatted(fe, a.port(), b.port()));
        var slow1 = get(fe, "/slow?ms=1500");
        Await.until(() -> a.active.get() + b.active.get() == 1);
        SlowServer busy = a.active.get() == 1 ? a : b;
        SlowServer idle = busy == a ? b : a;
        var slow2 = get(fe, "/slow?ms=1500");
        Await.until(() -> idle.active.get() == 1);
        var slow3 = get(fe, "/slow?ms=1500");
        Await.until(() -> a.active.get() + b.active.get() == 3);
        // two busy on one server or the other; now 'idle' may hold 1 or 2: the fast ones go to the server with fewer
        int before = busy.hits.get() + idle.hits.get();
        SlowServer fewer = busy.active.get() < idle.active.get() ? busy : idle;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = get(fe, "/").get(10, TimeUnit.SECONDS);
            assertEquals(fewer.name, r.body(), "request " + i + " went to the least loaded server");
        }
        assertEquals(before + 5, busy.hits.get() + idle.hits.get());
        for (var r : List.of(slow1, slow2, slow3)) {
            assertEquals(200, r.get(10, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void serverSlotsReturnToZero_afterAMixedRun() throws Exception {
        SlowServer s1 = new SlowServer(vertx(), "s1");
        SlowServer s2 = new SlowServer(vertx(), "s2");
        int dead = freePort();
        int fe = freePort();
        Generation g = startProxy("""
                defaults
                    mode http
                    retries 2
                    option redispatch
                    timeout connect 500ms
                    timeout client 10s
                    timeout server 300ms
                    timeout tunnel 5s
                frontend f
                    bind 127.0.0.1:%d
                    use_backend deadb if { path_beg /dead }
                    http-request deny if { path_beg /deny }
                    default_backend b
                backend b
                    balance leastconn
                    server s1 127.0.0.1:%d maxconn 2
                    server s2 127.0.0.1:%d
                    server s3 127.0.0.1:%d
                backend deadb
                    server d1 127.0.0.1:%d
                """.formatted(fe, s1.port(), s2.port(), dead, dead));
        List<CompletableFuture<HttpResponse<String>>> rs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rs.add(get(fe, "/slow?ms=50"));
            rs.add(get(fe, "/slow?ms=1000")); // timeout server: 504
            rs.add(get(fe, "/deny"));
            rs.add(get(fe, "/dead"));
        }
        // client aborts: a slow request whose client closes before the answer
        for (int i = 0; i < 3; i++) {
            Socket s = new Socket("127.0.0.1", fe);
            s.getOutputStream().write("GET /slow?ms=200 HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Await.until(() -> s1.active.get() + s2.active.get() > 0);
            s.close();
        }
        // a WebSocket tunnel, opened and closed
        CompletableFuture<String> echoed = new CompletableFuture<>();
        vertx().createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fe).setURI("/ws"))
                .onFailure(echoed::completeExceptionally)
                .onSuccess(ws -> {
                    ws.handler(m -> {
                        echoed.complete(m.toString());
                        ws.close();
                    });
                    ws.writeTextMessage("hi");
                });
        assertEquals("hi", echoed.get(10, TimeUnit.SECONDS));
        List<Integer> statuses = new ArrayList<>();
        for (var r : rs) {
            statuses.add(r.get(10, TimeUnit.SECONDS).statusCode());
        }
        assertTrue(statuses.contains(200) && statuses.contains(504) && statuses.contains(403) && statuses.contains(503), statuses.toString());
        Await.until(() -> servers(g).stream().allMatch(s -> s.currentConns() == 0 && s.queued().get() == 0));
    }
}

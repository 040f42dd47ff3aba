package io.luxy.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code hash-balance-factor} (bounded-load consistent hashing) over real sockets: 12 concurrent
 * requests for one URI, held by the servers until all have arrived. Without a factor they all go
 * to the key's server; with {@code hash-balance-factor 125} no server holds more than its bound
 * (ceil(13 × 1.25) = 17 slots over 3 equal servers: at most 6 each), so every server takes some.
 */
class BoundedLoadIT extends LuxyTestBase {

    private static final int N = 12;

    @ParameterizedTest
    @ValueSource(ints = {0, 125})
    void sameKeyConcurrently_spillsOverOnlyWithAFactor(int factor) throws Exception {
        Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
        List<HttpServerRequest> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            String name = "s" + (i + 1);
            ports[i] = vertx().createHttpServer().requestHandler(req -> {
                held.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                req.response().putHeader("x-srv", name);
                waiting.add(req);
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        }
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    balance uri
                    hash-type consistent
                    hash-balance-factor %d
                    server s1 127.0.0.1:%d
                    server s2 127.0.0.1:%d
                    server s3 127.0.0.1:%d
                """.formatted(fe, factor, ports[0], ports[1], ports[2]));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: HAProxy forwards it to the server
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fe + "/same-key"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
            int sent = i + 1;
            Await.until(() -> waiting.size() == sent); // one at a time: each pick sees the load of the previous ones
        }
        waiting.forEach(r -> r.response().end("ok"));
        Map<String, Integer> by = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            by.merge(c.get(10, TimeUnit.SECONDS).headers().firstValue("x-srv").orElse("?"), 1, Integer::sum);
        }
        if (factor == 0) {
            assertEquals(1, by.size(), "one key, one server: " + by);
        } else {
            assertEquals(3, by.size(), "the key's server is full, the others take the rest: " + by);
            assertTrue(by.values().stream().allMatch(v -> v <= 6), by.toString());
        }
    }
}

package io.luxy.proxy.balance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Real Vert.x HTTP servers on loopback that answer every request with their own name (and 200),
 * plus a client that counts which server answered. Tests use it to observe balancing.
 */
public final class NamedBackends {

    private final Vertx vertx;
    private final List<HttpServer> servers = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public NamedBackends(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts a server named {@code name} on {@code port}; its body is the name, {@code /health} included. */
    public HttpServer start(String name, int port) throws Exception {
        HttpServer s = vertx.createHttpServer().requestHandler(req -> {
            int status = "/status500".equals(req.path()) ? 500 : 200;
            req.response().setStatusCode(status).end(name);
        });
        s.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        servers.add(s);
        return s;
    }

    /** Stops {@code s} (its port refuses connections afterwards). */
    public void stop(HttpServer s) throws Exception {
        s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** GETs {@code path} through the proxy with optional header pairs; the answering server's name (or "status:N"). */
    public String get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "status:" + r.statusCode();
    }

    /** Sends {@code n} GETs of {@code path} and counts the answers by server name. */
    public Map<String, Integer> count(int port, String path, int n) throws Exception {
        Map<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.merge(get(port, path), 1, Integer::sum);
        }
        return m;
    }
}

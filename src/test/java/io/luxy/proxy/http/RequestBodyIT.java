package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;

/**
 * Request bodies: a 5 MB body (with Content-Length, and chunked) is streamed to the server, which
 * starts receiving it before the client finished sending; with {@code option http-buffer-request}
 * {@code req.body} is visible to ACLs.
 */
class RequestBodyIT extends LuxyTestBase {

    private static final int SIZE = 5 * 1024 * 1024;

    /** Answers "bytes=N chunked=B" after counting the body. */
    private HttpServer counter(AtomicLong received) throws Exception {
        return vertx().createHttpServer().requestHandler(req -> {
            long[] n = {0};
            req.handler(b -> {
                n[0] += b.length();
                received.addAndGet(b.length());
            });
            req.endHandler(v -> req.response().end("bytes=" + n[0] + " chunked=" + "chunked".equals(req.getHeader("transfer-encoding"))));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static final String CFG = """
            defaults
                mode http
                timeout connect 1s
                timeout client 10s
                timeout server 10s
            frontend f
                bind 127.0.0.1:%d
                default_backend b
            backend b
                server s1 127.0.0.1:%d
            """;

    @Test
    void largeBody_isStreamedToTheServer() throws Exception {
        HttpServer be = counter(new AtomicLong());
        int fe = freePort();
        startProxy(CFG.formatted(fe, be.actualPort()));
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] body = new byte[SIZE];
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fe + "/up"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("bytes=" + SIZE + " chunked=false", r.body());
        // chunked upload (no length known): forwarded chunked
        java.util.List<byte[]> parts = java.util.Collections.nCopies(80, new byte[SIZE / 80]);
        r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fe + "/up"))
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("bytes=" + (SIZE / 80 * 80) + " chunked=true", r.body());
    }

    @Test
    void bodyReachesTheServerWhileTheClientIsStillSending() throws Exception {
        AtomicLong received = new AtomicLong();
        HttpServer be = counter(received);
        int fe = freePort();
        startProxy(CFG.formatted(fe, be.actualPort()));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", fe)) {
            var out = s.getOutputStream();
            out.write(("POST /up HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: " + SIZE + "\r\n\r\n").getBytes());
            out.write(new byte[SIZE / 5]);
            out.flush();
            io.luxy.support.Await.until(() -> received.get() >= SIZE / 10);
            out.write(new byte[SIZE - SIZE / 5]);
            out.flush();
            s.setSoTimeout(10000);
            String r = new String(s.getInputStream().readAllBytes());
            assertTrue(r.startsWith("HTTP/1.1 200") && r.endsWith("bytes=" + SIZE + " chunked=false"), r);
        }
    }

    @Test
    void reqBody_withHttpBufferRequest_isSeenByAcls() throws Exception {
        HttpServer be = counter(new AtomicLong());
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend f
                    bind 127.0.0.1:%d
                    option http-buffer-request
                    http-request deny deny_status 400 if { req.body -m sub secret }
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, be.actualPort()));
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> denied = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fe + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("a=1&secret=2")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, denied.statusCode());
        HttpResponse<String> passed = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fe + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, passed.statusCode());
        assertTrue(passed.body().startsWith("bytes=7"), passed.body());
    }
}

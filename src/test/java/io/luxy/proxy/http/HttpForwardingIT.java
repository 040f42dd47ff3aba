package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;

/** HTTP forwarding over real loopback peers: headers, error pages, retries and redispatch, errorfile, monitor-uri. */
class HttpForwardingIT extends LuxyTestBase {

    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 500ms
            """;

    private static String body(String resp) {
        return resp.substring(resp.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void forwardsWithForwardForAndWithoutHopByHopHeaders() throws Exception {
        int fe = freePort();
        Peers.Backend b = new Peers.Backend(vertx(), "s1", freePort(), 0);
        startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    option forwardfor
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, b.server.actualPort()));
        String r = Peers.raw(fe, "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close, x-secret\r\nX-Secret: 1\r\nKeep-Alive: 5\r\nX-Keep: y\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
        assertEquals("s1 /x", body(r));
        assertFalse(r.toLowerCase().contains("x-drop"), "header named by the server's Connection header is dropped: " + r);
        var h = b.seen.get(0);
        assertEquals("127.0.0.1", h.get("x-forwarded-for"));
        assertEquals("y", h.get("x-keep"));
        assertNull(h.get("x-secret"));
        assertNull(h.get("keep-alive"));
        assertNull(h.get("content-length"), "a GET without a body goes out without content-length, as with HAProxy");
        assertNull(h.get("transfer-encoding"));
    }

    @Test
    void forwardForIfNoneAndCustomHeader() throws Exception {
        int fe = freePort();
        Peers.Backend b = new Peers.Backend(vertx(), "s1", freePort(), 0);
        startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    option forwardfor header X-Client if-none
                    server s1 127.0.0.1:%d
                """.formatted(fe, b.server.actualPort()));
        Peers.raw(fe, "GET / HTTP/1.1\r\nHost: a\r\nX-Client: 9.9.9.9\r\nConnection: close\r\n\r\n");
        Peers.get(fe, "/");
        assertEquals(List.of("9.9.9.9"), b.seen.get(0).getAll("x-client"));
        assertEquals("127.0.0.1", b.seen.get(1).get("x-client"));
    }

    @Test
    void errorsUseHaproxyPages() throws Exception {
        int fe = freePort();
        int dead = freePort();
        Peers.Backend slow = new Peers.Backend(vertx(), "slow", freePort(), 3000);
        int garbage = freePort();
        var garbageServer = vertx().createNetServer().connectHandler(so -> so.handler(x -> so.end(io.vertx.core.buffer.Buffer.buffer("garbage\r\n\r\n"))))
                .listen(garbage, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    use_backend dead if { path /dead }
                    use_backend slow if { path /slow }
                    default_backend garbage
                backend dead
                    retries 1
                    timeout connect 100ms
                    server s1 127.0.0.1:%d
                backend slow
                    server s1 127.0.0.1:%d
                backend garbage
                    server s1 127.0.0.1:%d
                """.formatted(fe, dead, slow.server.actualPort(), garbage));
        assertEquals("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
                + "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n",
                withoutConnection(Peers.get(fe, "/dead")));
        assertEquals("HTTP/1.1 504 Gateway Time-out\r\ncontent-length: 92\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
                + "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n",
                withoutConnection(Peers.get(fe, "/slow")));
        assertEquals("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
                + "<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n",
                withoutConnection(Peers.get(fe, "/garbage")));
        garbageServer.close();
    }

    /** HAProxy echoes the client's "Connection: close"; Vert.x may or may not: compare the rest. */
    private static String withoutConnection(String r) {
        return r.replace("connection: close\r\n", "");
    }

    @Test
    void errorfileAndMonitorUri() throws Exception {
        int fe = freePort();
        Path f = Files.createTempFile("e503", ".http");
        Files.writeString(f, "HTTP/1.1 503 Service Unavailable\r\nCache-Control: no-cache\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nsorry\n");
        startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    monitor-uri /alive
                    default_backend b
                backend b
                    retries 0
                    errorfile 503 %s
                    server s1 127.0.0.1:%d
                """.formatted(fe, f, freePort()));
        String r = Peers.get(fe, "/");
        assertTrue(r.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), r);
        assertTrue(r.contains("cache-control: no-cache\r\ncontent-type: text/plain\r\ncontent-length: 6\r\n"), r);
        assertEquals("sorry\n", body(r));
        String m = Peers.get(fe, "/alive");
        assertTrue(m.startsWith("HTTP/1.1 200 OK\r\ncontent-length: 58\r\n"), m);
        assertEquals("<html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n", body(m));
        Files.delete(f);
    }

    @Test
    void errorfileProblemsAreRefusedWithHaproxyMessages() throws Exception {
        var built = build(DEFAULTS + """
                backend b
                    errorfile 503 /nonexistent/file.http
                    errorfile 999 /etc/hostname
                    errorfile 503
                    server s1 127.0.0.1:1
                """);
        List<String> alerts = built.diagnostics().alerts().stream().map(d -> d.message()).toList();
        assertTrue(alerts.contains("errorfile : error opening file '/nonexistent/file.http'."), alerts.toString());
        assertTrue(alerts.contains("errorfile : status code '999' not handled."), alerts.toString());
        assertTrue(alerts.contains("errorfile : expects <status_code> and <file> as arguments."), alerts.toString());
    }

    @Test
    void stoppingAServerMidRunLosesNoRequest() throws Exception {
        int fe = freePort();
        Peers.Backend s1 = new Peers.Backend(vertx(), "s1", freePort(), 0);
        Peers.Backend s2 = new Peers.Backend(vertx(), "s2", freePort(), 0);
        startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    retries 2
                    option redispatch
                    timeout connect 200ms
                    server s1 127.0.0.1:%d
                    server s2 127.0.0.1:%d
                """.formatted(fe, s1.server.actualPort(), s2.server.actualPort()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                results.add(pool.submit((Callable<String>) () -> Peers.get(fe, "/r" + n)));
                if (i == 10) {
                    s1.stop();
                }
            }
            for (Future<String> r : results) {
                String resp = r.get();
                assertTrue(resp.startsWith("HTTP/1.1 200 OK"), resp);
            }
            String after = Peers.get(fe, "/after");
            assertTrue(body(after).startsWith("s2 "), after);
        } finally {
            pool.shutdownNow();
        }
    }
}

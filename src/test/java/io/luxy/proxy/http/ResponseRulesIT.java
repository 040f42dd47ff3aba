package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;

/**
 * {@code http-response} and {@code http-after-response} rules end to end through a real backend,
 * and the same cfg through real HAProxy 2.6 with the responses compared (status line and
 * headers, names compared case-insensitively). Response rules test the path through a variable: in
 * HAProxy request fetches such as {@code path} match nothing in {@code http-response} rules.
 */
class ResponseRulesIT extends LuxyTestBase {

    private static final String CFG = """
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend f
                bind 127.0.0.1:%d
                http-request set-var(txn.path) path
                http-request return status 201 content-type text/plain string made if { path_beg /ret }
                http-request deny if { path_beg /reqdeny }
                http-response set-header X-Set %%[res.hdr(x-server)]-set
                http-response add-header X-Added a
                http-response del-header x-server if { var(txn.path) -m beg /del }
                http-response replace-header X-Server s(.*) srv\\1 if { var(txn.path) -m beg /rep }
                http-response replace-value X-List ^a(.*) A\\1
                http-response set-status 299 reason "Very OK" if { var(txn.path) -m beg /status }
                http-response set-status 404 if { var(txn.path) -m beg /nf }
                http-response deny if { var(txn.path) -m beg /deny }
                http-response set-var(txn.st) status
                http-response set-header X-Var %%[var(txn.st)]
                http-response set-header X-Ok yes if { status 200 } { res.hdr(x-server) -m beg s }
                http-after-response set-header X-After %%[status]
                use_backend dead if { path_beg /dead }
                default_backend b
            backend b
                http-response set-header X-Be be
                server s1 127.0.0.1:%d
            backend dead
                server d1 127.0.0.1:%d
            """;

    private static final List<String> PATHS = List.of("/plain", "/del", "/rep", "/status", "/nf", "/deny", "/ret", "/reqdeny",
            "/dead");

    private HttpServer backend() throws Exception {
        return vertx().createHttpServer().requestHandler(req -> req.response().putHeader("x-server", "s1")
                .putHeader("x-list", "a1").putHeader("content-type", "text/plain").end("hello"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Status line and headers (lower-case names, in order; date dropped) of the response to GET path. */
    private static String answer(int port, String path) throws IOException {
        String r = Peers.get(port, path);
        String head = r.substring(0, r.indexOf("\r\n\r\n"));
        String[] lines = head.split("\r\n");
        List<String> hs = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            String name = lines[i].substring(0, c).toLowerCase(Locale.ROOT);
            if (!name.equals("date") && !name.equals("connection")) {
                hs.add(name + ":" + lines[i].substring(c + 1).trim());
            }
        }
        hs.sort(null);
        return lines[0] + "\n" + String.join("\n", hs) + "\n\n" + r.substring(r.indexOf("\r\n\r\n") + 4);
    }

    private Map<String, String> answers(int port) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : PATHS) {
            out.put(p, answer(port, p));
        }
        return out;
    }

    @Test
    void responseRules_throughARealBackend() throws Exception {
        HttpServer be = backend();
        int fe = freePort();
        startProxy(CFG.formatted(fe, be.actualPort(), freePort()));
        Map<String, String> a = answers(fe);
        String plain = a.get("/plain");
        assertTrue(plain.startsWith("HTTP/1.1 200 OK\n"), plain);
        for (String h : List.of("x-set:s1-set", "x-added:a", "x-server:s1", "x-list:A1", "x-var:200", "x-ok:yes",
                "x-after:200", "x-be:be")) {
            assertTrue(plain.contains("\n" + h + "\n"), h + " in " + plain);
        }
        assertTrue(!a.get("/del").contains("x-server:"), a.get("/del"));
        assertTrue(a.get("/rep").contains("\nx-server:srv1\n"), a.get("/rep"));
        assertTrue(a.get("/status").startsWith("HTTP/1.1 299 Very OK\n") && a.get("/status").contains("x-after:299"), a.get("/status"));
        assertTrue(a.get("/nf").startsWith("HTTP/1.1 404 Not Found\n"), a.get("/nf"));
        assertTrue(a.get("/deny").startsWith("HTTP/1.1 502 Bad Gateway\n") && a.get("/deny").contains("x-after:502")
                && a.get("/deny").endsWith(ErrorPages.body(502)), a.get("/deny"));
        assertTrue(a.get("/ret").startsWith("HTTP/1.1 201 Created\n") && a.get("/ret").contains("x-after:201"), a.get("/ret"));
        assertTrue(a.get("/reqdeny").startsWith("HTTP/1.1 403 Forbidden\n") && a.get("/reqdeny").contains("x-after:403"));
        assertTrue(a.get("/dead").startsWith("HTTP/1.1 503 Service Unavailable\n") && a.get("/dead").contains("x-after:503"));
    }

    @Test
    void sameAnswersAsRealHaproxy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "HAProxy 2.6 is not installed");
        HttpServer be = backend();
        int hp = freePort();
        int dead = freePort();
        Path cfg = Files.createTempFile("resp-rules", ".cfg");
        Files.writeString(cfg, CFG.formatted(hp, be.actualPort(), dead));
        Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, String> reference;
        try {
            Await.until(() -> listening(hp));
            reference = answers(hp);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(cfg);
        }
        int fe = freePort();
        startProxy(CFG.formatted(fe, be.actualPort(), dead));
        Map<String, String> ours = answers(fe);
        for (String p : PATHS) {
            assertEquals(reference.get(p), ours.get(p), p);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

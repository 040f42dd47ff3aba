package io.luxy.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.proxy.Frontend;
import io.luxy.proxy.Server;
import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;

/**
 * TCP half-close through a tcp frontend, as HAProxy 2.6 does: a FIN from one side reaches the
 * other as a FIN while the opposite direction keeps flowing; the connection closes fully once both
 * sides are done (no session or server connection left).
 */
class HalfCloseIT extends LuxyTestBase {

    private static final String DEFAULTS = """
            defaults
                mode tcp
                timeout connect 2s
                timeout client 5s
                timeout server 5s
            """;

    /** A server reading until the client's FIN, then answering "got:" + what it read and closing. */
    private int answerAtFin() throws Exception {
        int port = freePort();
        NetServer srv = vertx().createNetServer().connectHandler(so -> {
            HalfClose.allow(so);
            Buffer got = Buffer.buffer();
            so.handler(b -> {
                if (HalfClose.isFin(b)) {
                    so.end(Buffer.buffer("got:").appendBuffer(got));
                } else {
                    got.appendBuffer(b);
                }
            });
        });
        srv.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return port;
    }

    /** Sends {@code data}, shuts down the output (FIN) and reads until the proxy closes. */
    private static String sendThenHalfClose(int port, String data) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(data.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Waits until the frontend has no session and the backend's servers no connection. */
    private static void awaitAllClosed(Generation g) throws InterruptedException {
        Frontend fe = g.model().frontends().get(0);
        Await.until(() -> fe.counters().current() == 0
                && g.model().backends().values().stream().flatMap(b -> b.servers().stream()).allMatch(s -> s.currentConns() == 0));
    }

    @Test
    void clientHalfCloseStillGetsTheServersAnswer() throws Exception {
        int fe = freePort();
        int srv = answerAtFin();
        Generation g = startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, srv));
        assertEquals("got:hello", sendThenHalfClose(fe, "hello"));
        assertEquals("got:", sendThenHalfClose(fe, ""), "a FIN before any data still reaches the server");
        awaitAllClosed(g);
    }

    @Test
    void serverHalfCloseLeavesTheClientToServerDirectionOpen() throws Exception {
        int fe = freePort();
        int port = freePort();
        CompletableFuture<String> received = new CompletableFuture<>();
        vertx().createNetServer().connectHandler(so -> {
            HalfClose.allow(so);
            Buffer got = Buffer.buffer();
            so.handler(b -> {
                if (HalfClose.isFin(b)) {
                    received.complete(got.toString());
                    so.close();
                } else {
                    got.appendBuffer(b);
                }
            });
            so.write("banner\n");
            HalfClose.shutdownOutput(so, ok -> { });
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Generation g = startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, port));
        try (Socket s = new Socket("127.0.0.1", fe)) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            assertEquals("banner\n", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), "the server's FIN reaches the client");
            s.getOutputStream().write("after-fin".getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            assertEquals("after-fin", received.get(5, TimeUnit.SECONDS), "data sent after the server's FIN still reaches it");
        }
        awaitAllClosed(g);
    }

    @Test
    void halfCloseDuringContentRulesStillForwardsTheDataAndTheFin() throws Exception {
        int fe = freePort();
        int srv = answerAtFin();
        Path lua = Files.createTempFile("halfclose", ".lua");
        Files.writeString(lua, """
                core.register_action("slow", { "tcp-req" }, function(txn)
                    core.msleep(300)
                end)
                """);
        try {
            Generation g = startProxy("global\n    lua-load " + lua + "\n" + DEFAULTS + """
                    frontend f
                        bind 127.0.0.1:%d
                        tcp-request content lua.slow
                        default_backend b
                    backend b
                        server s1 127.0.0.1:%d
                    """.formatted(fe, srv));
            assertEquals("got:hello", sendThenHalfClose(fe, "hello"));
            awaitAllClosed(g);
        } finally {
            Files.deleteIfExists(lua);
        }
    }

    @Test
    void serverFinTimeoutClosesAHalfClosedConnection() throws Exception {
        int fe = freePort();
        int port = freePort();
        vertx().createNetServer().connectHandler(HalfClose::allow) // reads the FIN, never answers nor closes
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Generation g = startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    timeout server-fin 300ms
                    server s1 127.0.0.1:%d
                """.formatted(fe, port));
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", fe)) {
            s.setSoTimeout(3000); // below timeout server (5 s)
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 250 && ms < 3000, "closed by timeout server-fin, after " + ms + " ms");
        awaitAllClosed(g);
    }

    @Test
    void fullCloseOfBothSidesEndsTheConnection() throws Exception {
        int fe = freePort();
        int srv = answerAtFin();
        Generation g = startProxy(DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, srv));
        for (int i = 0; i < 20; i++) {
            Socket s = new Socket("127.0.0.1", fe);
            s.getOutputStream().write("x".getBytes(StandardCharsets.ISO_8859_1));
            s.close(); // FIN without waiting: the server's answer meets a closed socket
        }
        Server s1 = g.model().backends().get("b").servers().get(0);
        Await.until(() -> s1.counters().stot.sum() == 20);
        awaitAllClosed(g);
    }
}

package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code timeout client} and {@code timeout server} are inactivity timeouts (HAProxy
 * doc/configuration.txt 4.2): a connection or response that keeps moving outlives them, one that
 * stops does not (ClientTimeout, Deadlines).
 */
class ActivityTimeoutsIT extends LuxyTestBase {

    private static final String CFG = """
            defaults
                mode http
                timeout connect 1s
                timeout client 400ms
                timeout server 400ms
            frontend f
                bind 127.0.0.1:%d
                default_backend b
            backend b
                server s1 127.0.0.1:%d
            """;

    /** A peer answering /drip with 8 chunks 150 ms apart (1.2 s in all), /stall with one chunk then nothing, else "ok". */
    private int dripPeer() throws Exception {
        int port = freePort();
        vertx().createHttpServer().requestHandler(r -> {
            HttpServerResponse resp = r.response().setChunked(true);
            if (r.path().equals("/drip")) {
                int[] n = {0};
                resp.write("c0;");
                vertx().setPeriodic(150, id -> {
                    if (++n[0] == 8) {
                        vertx().cancelTimer(id);
                        resp.end("end");
                    } else {
                        resp.write("c" + n[0] + ";");
                    }
                });
            } else if (r.path().equals("/stall")) {
                resp.write("first;"); // and nothing more
            } else {
                resp.setChunked(false).end("ok");
            }
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return port;
    }

    @Test
    void serverTimeout_isInactivity_aDrippingResponseCompletes_aStalledOneIsCut() throws Exception {
        int fe = freePort();
        startProxy(CFG.formatted(fe, dripPeer()));
        long t0 = System.nanoTime();
        String drip = Peers.get(fe, "/drip");
        assertTrue(drip.startsWith("HTTP/1.1 200"), drip);
        assertTrue(drip.contains("c7;") && drip.endsWith("0\r\n\r\n"), "every chunk and the last one arrived: " + drip);
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 1000, "the response took longer than timeout server");

        String stall = Peers.get(fe, "/stall");
        assertTrue(stall.startsWith("HTTP/1.1 200") && stall.contains("first;"), stall);
        assertTrue(!stall.endsWith("0\r\n\r\n"), "a stalled response is cut, not ended as if complete: " + stall);
    }

    @Test
    void clientTimeout_closesAnIdleKeepAliveConnection_butNotAnActiveOne() throws Exception {
        int fe = freePort();
        startProxy(CFG.formatted(fe, dripPeer()));
        try (Socket s = new Socket("127.0.0.1", fe)) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            // five requests 250 ms apart on one connection: 1.25 s, over three times timeout client
            for (int i = 0; i < 5; i++) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(readResponse(in).endsWith("ok"));
                Thread.sleep(250); // the client's think time is the scenario, not synchronisation
            }
            // then idle: the connection is closed by Luxy after timeout client
            long t0 = System.nanoTime();
            assertEquals(-1, in.read(), "closed by timeout client");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 100 && ms < 3000, "closed " + ms + " ms after the last request's idle start");
        }
    }

    @Test
    void clientTimeout_closesAConnectionThatNeverSendsAByte() throws Exception {
        int fe = freePort();
        startProxy(CFG.formatted(fe, dripPeer()));
        try (Socket s = new Socket("127.0.0.1", fe)) {
            s.setSoTimeout(5000);
            assertEquals(-1, s.getInputStream().read(), "closed by timeout client before any request");
        }
    }

    /** Reads one response with a content-length body (the peer's "ok"). */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            int h = sb.indexOf("\r\n\r\n");
            if (h >= 0) {
                String head = sb.substring(0, h).toLowerCase();
                int i = head.indexOf("content-length: ");
                int len = Integer.parseInt(head.substring(i + 16, head.indexOf('\r', i) < 0 ? head.length() : head.indexOf('\r', i)).trim());
                if (sb.length() - h - 4 >= len) {
                    return sb.toString();
                }
            }
        }
        return sb.toString();
    }
}

package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;

/**
 * Frontend {@code maxconn}, {@code timeout http-request} and {@code timeout http-keep-alive} over
 * raw sockets, with the answers real HAProxy 2.6 gives for the same cfg (checked on loopback:
 * 408 page with capitalised headers and Connection: close, silent close on keep-alive expiry).
 */
class FrontendLimitsIT extends LuxyTestBase {

    static final String PAGE_408 = "HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\nCache-Control: no-cache\r\n"
            + "Connection: close\r\nContent-Type: text/html\r\n\r\n<html><body><h1>408 Request Time-out</h1>\n"
            + "Your browser didn't send a complete request in time.\n</body></html>\n";

    private static final String GET = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";

    /** Reads one response with a Content-Length body (or up to the timeout: then returns what came). */
    private static String readResponse(Socket s, int timeoutMs) throws IOException {
        s.setSoTimeout(timeoutMs);
        InputStream in = s.getInputStream();
        StringBuilder out = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) >= 0) {
                out.append((char) c);
                int end = out.indexOf("\r\n\r\n");
                if (end > 0) {
                    int cl = out.toString().toLowerCase().indexOf("content-length: ");
                    if (cl >= 0) {
                        int len = Integer.parseInt(out.substring(cl + 16, out.indexOf("\r\n", cl)).trim());
                        if (out.length() >= end + 4 + len) {
                            return out.toString();
                        }
                    }
                }
            }
            out.append("[closed]");
        } catch (SocketTimeoutException e) {
            out.append("[timeout]");
        }
        return out.toString();
    }

    /** Reads until the peer closes (at most {@code timeoutMs}). */
    private static String readToClose(Socket s, int timeoutMs) throws IOException {
        s.setSoTimeout(timeoutMs);
        try {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "[timeout]";
        }
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write(text.getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
    }

    @Test
    void maxconn_extraConnectionWaitsForASlot() throws Exception {
        int fe = freePort();
        Peers.Backend b = new Peers.Backend(vertx(), "s1", freePort(), 0);
        startProxy("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 5s
                frontend f
                    bind 127.0.0.1:%d
                    maxconn 1
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, b.server.actualPort()));
        // the slot is taken at accept (HTTP/1 connections reach Luxy before their first byte):
        // the second connection is opened once the first holds it
        try (Socket first = new Socket("127.0.0.1", fe)) {
            send(first, GET);
            assertTrue(readResponse(first, 5000).startsWith("HTTP/1.1 200"));
            Socket second = new Socket("127.0.0.1", fe);
            send(second, GET);
            assertEquals("[timeout]", readResponse(second, 700), "the second connection is not served while the first holds the only slot");
            assertEquals(1, b.seen.size());
            first.close();
            String r = readResponse(second, 5000);
            assertTrue(r.startsWith("HTTP/1.1 200") && r.endsWith("s1 /x"), r);
            // the slot is free again: a third connection is served at once
            try (Socket third = new Socket("127.0.0.1", fe)) {
                second.close();
                send(third, GET);
                assertTrue(readResponse(third, 5000).startsWith("HTTP/1.1 200"));
            }
        }
    }

    @Test
    void timeoutHttpRequest_incompleteHeadGets408AndClose() throws Exception {
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout client 10s
                    timeout http-request 300ms
                frontend f
                    bind 127.0.0.1:%d
                    http-request return status 200 content-type text/plain string ok
                """.formatted(fe));
        try (Socket s = new Socket("127.0.0.1", fe)) {
            long t0 = System.nanoTime();
            send(s, "GET / HTTP/1.1\r\nHost: a\r\n");
            assertEquals(PAGE_408, readToClose(s, 5000));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 250 && ms < 3000, "408 after about 300 ms, was " + ms);
        }
        // a complete request in time is served
        try (Socket s = new Socket("127.0.0.1", fe)) {
            send(s, GET);
            assertTrue(readResponse(s, 5000).endsWith("ok"));
        }
    }

    @Test
    void timeoutHttpRequest_withBufferRequest_coversTheBody() throws Exception {
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout client 10s
                    timeout http-request 300ms
                frontend f
                    bind 127.0.0.1:%d
                    option http-buffer-request
                    http-request return status 200 content-type text/plain string ok
                """.formatted(fe));
        try (Socket s = new Socket("127.0.0.1", fe)) {
            send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345");
            assertEquals(PAGE_408, readToClose(s, 5000));
        }
    }

    @Test
    void timeoutHttpKeepAlive_closesAnIdleConnectionSilently_partialNextRequestGets408() throws Exception {
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout client 10s
                    timeout http-request 800ms
                    timeout http-keep-alive 200ms
                frontend f
                    bind 127.0.0.1:%d
                    http-request return status 200 content-type text/plain string ok
                """.formatted(fe));
        try (Socket s = new Socket("127.0.0.1", fe)) {
            send(s, GET);
            assertTrue(readResponse(s, 5000).endsWith("ok"));
            long t0 = System.nanoTime();
            assertEquals("", readToClose(s, 5000), "closed without a response");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 150 && ms < 700, "closed by timeout http-keep-alive (200 ms), not http-request, was " + ms);
        }
        try (Socket s = new Socket("127.0.0.1", fe)) {
            send(s, GET);
            assertTrue(readResponse(s, 5000).endsWith("ok"));
            send(s, "GET / HTTP/1.1\r\n");
            long t0 = System.nanoTime();
            assertEquals(PAGE_408, readToClose(s, 5000));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 600, "the started request has timeout http-request (800 ms), was " + ms);
        }
    }
}

package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.luxy.support.LuxyTestBase;

/**
 * Requests HAProxy 2.6's parser refuses (measured against haproxy 2.6.12 on loopback) get its
 * 400 page, with capitalised headers and Connection: close, and never reach the server.
 */
class HttpRequestSafetyIT extends LuxyTestBase {

    private static final String BAD_REQUEST = "HTTP/1.1 400 Bad request\r\nContent-length: 90\r\nCache-Control: no-cache\r\n"
            + "Connection: close\r\nContent-Type: text/html\r\n\r\n"
            + "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "badChunkSize", "invalidHeaderName", "spaceBeforeColon", "headersOverBufsize", "requestLineOverBufsize",
        "absoluteUriHostConflict", "transferEncodingNotChunked", "twoContentLengths", "badContentLength", "twoHosts"})
    void refusedRequestNeverReachesTheServer(String name) throws Exception {
        String big = "a".repeat(17000);
        String req = switch (name) {
            case "badChunkSize" -> "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n";
            case "invalidHeaderName" -> "GET / HTTP/1.1\r\nHost: a\r\nBad(x): x\r\n\r\n";
            case "spaceBeforeColon" -> "GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n";
            case "headersOverBufsize" -> "GET / HTTP/1.1\r\nHost: a\r\nX: " + big + "\r\n\r\n";
            case "requestLineOverBufsize" -> "GET /" + big + " HTTP/1.1\r\nHost: a\r\n\r\n";
            case "absoluteUriHostConflict" -> "GET http://b/x HTTP/1.1\r\nHost: a\r\n\r\n";
            case "transferEncodingNotChunked" -> "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n";
            case "twoContentLengths" -> "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd";
            case "badContentLength" -> "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: x3\r\n\r\nabc";
            case "twoHosts" -> "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n";
            default -> throw new IllegalArgumentException(name);
        };
        Peers.Backend b = new Peers.Backend(vertx(), "s1", freePort(), 0);
        int fe = proxyTo(b, "");
        String resp = Peers.raw(fe, req);
        assertEquals(BAD_REQUEST, resp, name);
        // a valid request on a new connection is served, and it is the only one the server saw
        assertTrue(Peers.get(fe, "/ok").startsWith("HTTP/1.1 200 OK"));
        assertEquals(1, b.seen.size(), name + " reached the server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"absoluteUriSameHost", "contentLengthAndChunked"})
    void acceptedAsHaproxyDoes(String name) throws Exception {
        String req = switch (name) {
            case "absoluteUriSameHost" -> "GET http://a/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
            // HAProxy 2.6 drops Content-Length, forwards the chunked body and closes after the answer
            case "contentLengthAndChunked" -> "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
            default -> throw new IllegalArgumentException(name);
        };
        Peers.Backend b = new Peers.Backend(vertx(), "s1", freePort(), 0);
        int fe = proxyTo(b, "");
        String resp = Peers.raw(fe, req);
        assertTrue(resp.startsWith("HTTP/1.1 200 OK"), name + ": " + resp);
        assertEquals(1, b.seen.size());
    }

    /**
     * A head and a chunked body sent one byte per packet (the parser resumes where it stopped):
     * served once, with the body intact; a refused head sent the same way never reaches the server.
     */
    @org.junit.jupiter.api.Test
    void requestsInOneBytePieces() throws Exception {
        Peers.Backend b = new Peers.Backend(vertx(), "s1", freePort(), 0);
        int fe = proxyTo(b, "");
        String good = "POST /slow HTTP/1.1\r\nHost: a\r\nX-Long: " + "v".repeat(300)
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5;x=1\r\nhello\r\n0\r\n\r\n";
        String bad = "GET /x HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n";
        assertTrue(bytewise(fe, good).startsWith("HTTP/1.1 200"));
        assertEquals(BAD_REQUEST, bytewise(fe, bad));
        assertEquals(1, b.seen.size());
    }

    /** {@code option accept-invalid-http-request} lets through what HAProxy then lets through, and no more. */
    @org.junit.jupiter.api.Test
    void acceptInvalidHttpRequest_relaxesAsHaproxy() throws Exception {
        Peers.Backend b = new Peers.Backend(vertx(), "s1", freePort(), 0);
        int fe = proxyTo(b, "option accept-invalid-http-request");
        assertTrue(Peers.raw(fe, "GET /caf\u00e9#x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
        assertTrue(Peers.raw(fe, "GET http://b/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
        // still refused: control characters in the URI, framing errors
        assertEquals(BAD_REQUEST, Peers.raw(fe, "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(BAD_REQUEST, Peers.raw(fe, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
        assertEquals(2, b.seen.size());
    }

    /** Starts a frontend (with {@code options}) whose only server is {@code b}; returns its port. */
    private int proxyTo(Peers.Backend b, String options) throws Exception {
        int fe = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend f
                    bind 127.0.0.1:%d
                    %s
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, options, b.server.actualPort()));
        return fe;
    }

    private static String bytewise(int port, String req) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(5000);
            var out = s.getOutputStream();
            for (byte x : req.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
                out.write(x);
                out.flush();
            }
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}

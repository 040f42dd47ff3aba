package io.luxy.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.luxy.support.Await;
import io.luxy.support.EchoServer;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;

/**
 * Access log lines of real streams (HTTP through a backend, TCP through an echo server) received
 * by a UDP syslog receiver: fields checked, {@code set-log-level silent} and {@code option
 * dontlognull} honoured, and the layout compared with real HAProxy 2.6 for the same cfg.
 */
class AccessLogFlowIT extends LuxyTestBase {

    private static final String CFG = """
            defaults
                log 127.0.0.1:%d format raw local0
                timeout connect 2s
                timeout client 5s
                timeout server 5s
            frontend fh
                mode http
                option httplog
                bind 127.0.0.1:%d
                http-request set-log-level silent if { path_beg /quiet }
                default_backend bh
            backend bh
                mode http
                server web 127.0.0.1:%d
            frontend ft
                mode tcp
                option tcplog
                option dontlognull
                bind 127.0.0.1:%d
                default_backend bt
            backend bt
                mode tcp
                server echo 127.0.0.1:%d
            """;

    private static final Pattern HTTPLOG = Pattern.compile("127\\.0\\.0\\.1:(\\d+) \\[[^\\]]+\\] fh bh/web (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) "
            + "200 (\\d+) - - ---- \\d+/\\d+/\\d+/\\d+/0 0/0 \"GET /x\\?a=1 HTTP/1\\.1\"\n");
    private static final Pattern TCPLOG = Pattern.compile("127\\.0\\.0\\.1:(\\d+) \\[[^\\]]+\\] ft bt/echo (\\d+)/(\\d+)/(\\d+) (\\d+) -- "
            + "\\d+/\\d+/\\d+/\\d+/0 0/0\n");

    private static String receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static String shape(String line) {
        return line.replaceAll("\\d+", "N").replaceAll("\\[[^\\]]+\\]", "[date]");
    }

    private int echoPort;

    private HttpServer web() throws Exception {
        return vertx().createHttpServer().requestHandler(r -> r.response().putHeader("content-type", "text/plain").end("hello"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** One HTTP request with Connection: close, then a TCP exchange of "ping", then an empty TCP connection. */
    private static void traffic(int http, int tcp) throws IOException {
        try (Socket s = new Socket("127.0.0.1", http)) {
            s.getOutputStream().write("GET /x?a=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(5000);
            s.getInputStream().readAllBytes();
        }
        try (Socket s = new Socket("127.0.0.1", tcp)) {
            s.getOutputStream().write("ping".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(5000);
            StringBuilder got = new StringBuilder();
            byte[] b = new byte[512];
            int n;
            while (got.indexOf("ping") < 0 && (n = s.getInputStream().read(b)) > 0) {
                got.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
            }
        }
        new Socket("127.0.0.1", tcp).close(); // nothing sent: not logged with dontlognull
    }

    @Test
    void realStreams_logOneLineEach_withTheirFields() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress()); EchoServer echo = EchoServer.start(echoPort = freePort())) {
            udp.setSoTimeout(3000);
            HttpServer web = web();
            int http = freePort();
            int tcp = freePort();
            startProxy(CFG.formatted(udp.getLocalPort(), http, web.actualPort(), tcp, echoPort));
            try (Socket s = new Socket("127.0.0.1", http)) { // silenced request first
                s.getOutputStream().write("GET /quiet HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getInputStream().readAllBytes();
            }
            traffic(http, tcp);
            // the HTTP and TCP streams end independently: take their two lines in either order
            String first = receive(udp);
            String second = receive(udp);
            boolean httpFirst = HTTPLOG.matcher(first).matches();
            String h = httpFirst ? first : second;
            Matcher m = HTTPLOG.matcher(h);
            assertTrue(m.matches(), h);
            for (int i = 2; i <= 6; i++) {
                assertTrue(Long.parseLong(m.group(i)) >= 0, "times are non-negative: " + h);
            }
            assertTrue(Long.parseLong(m.group(7)) > 5, "bytes sent to the client include the body: " + h);
            String t = httpFirst ? second : first;
            Matcher mt = TCPLOG.matcher(t);
            assertTrue(mt.matches(), t);
            assertTrue(Long.parseLong(mt.group(5)) > 4, "bytes sent to the client (the echo server's banner and ping): " + t);
            try {
                String extra = receive(udp);
                throw new AssertionError("no line for the silenced request nor the empty TCP connection, got " + extra);
            } catch (SocketTimeoutException expected) {
                // nothing more
            }
        }
    }

    @Test
    void sameLayoutAsRealHaproxy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "HAProxy 2.6 is not installed");
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress()); EchoServer echo = EchoServer.start(echoPort = freePort())) {
            udp.setSoTimeout(5000);
            HttpServer web = web();
            int http = freePort();
            int tcp = freePort();
            Path cfg = Files.createTempFile("log-flow", ".cfg");
            Files.writeString(cfg, CFG.formatted(udp.getLocalPort(), http, web.actualPort(), tcp, echoPort));
            Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String refHttp;
            String refTcp;
            try {
                Await.until(() -> listening(tcp));
                traffic(http, tcp);
                refHttp = receive(udp);
                refTcp = receive(udp);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(cfg);
            }
            // the readiness probe on tcp made one empty connection (dontlognull): lines come in traffic order
            assertTrue(HTTPLOG.matcher(refHttp).matches(), "HAProxy's line: " + refHttp);
            assertTrue(TCPLOG.matcher(refTcp).matches(), "HAProxy's line: " + refTcp);
            int http2 = freePort();
            int tcp2 = freePort();
            startProxy(CFG.formatted(udp.getLocalPort(), http2, web.actualPort(), tcp2, echoPort));
            traffic(http2, tcp2);
            assertEquals(shape(refHttp), shape(receive(udp)));
            assertEquals(shape(refTcp), shape(receive(udp)));
        }
    }

    @Test
    void badAndTimedOutRequests_logLikeHaproxy() throws Exception {
        String cfg = """
                defaults
                    mode http
                    log 127.0.0.1:%d format raw local0
                    option httplog
                    timeout client 5s
                    timeout http-request 300ms
                frontend f
                    bind 127.0.0.1:%d
                    http-request return status 200 content-type text/plain string ok
                """;
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            int fe = freePort();
            startProxy(cfg.formatted(udp.getLocalPort(), fe));
            badTraffic(fe);
            String bad = receive(udp);
            String slow = receive(udp);
            // HAProxy 2.6 for the same cfg and traffic (checked on loopback):
            // 127.0.0.1:36238 [..] f f/<NOSRV> -1/-1/-1/-1/0 400 0 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"
            // 127.0.0.1:36254 [..] f f/<NOSRV> -1/-1/-1/-1/303 408 0 - - cR-- 1/1/0/0/0 0/0 "<BADREQ>"
            assertTrue(bad.matches("127\\.0\\.0\\.1:\\d+ \\[[^\\]]+\\] f f/<NOSRV> -1/-1/-1/-1/\\d+ 400 0 - - PR-- \\d+/\\d+/0/0/0 0/0 \"<BADREQ>\"\n"), bad);
            assertTrue(slow.matches("127\\.0\\.0\\.1:\\d+ \\[[^\\]]+\\] f f/<NOSRV> -1/-1/-1/-1/\\d+ 408 0 - - cR-- \\d+/\\d+/0/0/0 0/0 \"<BADREQ>\"\n"), slow);
        }
    }

    private static void badTraffic(int port) throws IOException {
        for (String data : new String[] {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\n"}) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(data.getBytes(StandardCharsets.ISO_8859_1));
                s.setSoTimeout(5000);
                s.getInputStream().readAllBytes();
            }
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

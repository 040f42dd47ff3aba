package io.luxy.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.proxy.Frontend;
import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * Access log lines received over UDP by a test syslog receiver, compared field by field with the
 * line real HAProxy 2.6 sends for the same config and request (times, ports and pid normalised).
 */
class AccessLogIT extends LuxyTestBase {

    private static final String CFG = """
            global
                log 127.0.0.1:%d local0
            defaults
                log global
                timeout connect 5s
                timeout client 5s
                timeout server 5s
            frontend fh
                mode http
                option httplog
                bind 127.0.0.1:%d
                http-request return status 200 content-type text/plain string ok
            frontend ft
                mode tcp
                option tcplog
                log 127.0.0.1:%d format raw local1
                bind 127.0.0.1:%d
                tcp-request content reject
            """;

    private static String receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    /** The line's layout: digits runs become N (times, ports, pid, counters). */
    private static String shape(String line) {
        return line.replaceAll("\\d+", "N").replaceAll("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec", "Mon");
    }

    private Frontend frontend(Generation g, String name) {
        return g.model().frontends().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static LogEntry httpEntry() {
        LogEntry e = new LogEntry();
        e.clientIp = "127.0.0.1";
        e.clientPort = 40000;
        e.acceptDate = System.currentTimeMillis();
        e.frontend = "fh";
        e.tr = 0;
        e.tw = -1;
        e.tc = -1;
        e.tresp = -1;
        e.ta = 0;
        e.status = 200;
        e.bytesRead = 58;
        e.termState = "LR";
        e.actconn = 1;
        e.feconn = 1;
        e.requestLine = "GET /x HTTP/1.1";
        return e;
    }

    @Test
    void httplogAndTcplog_sentOverUdp_inHaproxysLayout() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            int port = udp.getLocalPort();
            Generation g = startProxy(CFG.formatted(port, freePort(), port, freePort()));
            AccessLog http = frontend(g, "fh").log();
            assertTrue(http.enabled());
            http.log(httpEntry());
            String line = receive(udp);
            assertTrue(line.matches("<134>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\[\\d+\\]: 127\\.0\\.0\\.1:40000 "
                    + "\\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] fh fh/<NOSRV> 0/-1/-1/-1/0 200 58 - - LR-- "
                    + "1/1/0/0/0 0/0 \"GET /x HTTP/1.1\"\n"), line);

            AccessLog tcp = frontend(g, "ft").log();
            LogEntry e = new LogEntry();
            e.clientIp = "127.0.0.1";
            e.clientPort = 40001;
            e.acceptDate = System.currentTimeMillis();
            e.frontend = "ft";
            e.tt = 0;
            e.termState = "PR";
            tcp.log(e);
            String viaGlobal = receive(udp);
            String raw = receive(udp);
            assertTrue(viaGlobal.startsWith("<134>"), viaGlobal);
            assertTrue(raw.matches("127\\.0\\.0\\.1:40001 \\[[^\\]]+\\] ft ft/<NOSRV> -1/-1/0 0 PR 0/0/0/0/0 0/0\n"), raw);
        }
    }

    @Test
    void dontlognull_skipsStreamsWithoutRequest() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            int port = udp.getLocalPort();
            Generation g = startProxy("""
                    frontend fh
                        mode http
                        log 127.0.0.1:%d format raw local0
                        option httplog
                        option dontlognull
                        bind 127.0.0.1:%d
                        http-request return status 200
                    """.formatted(port, freePort()));
            AccessLog log = frontend(g, "fh").log();
            LogEntry empty = new LogEntry();
            empty.frontend = "fh";
            log.log(empty);
            log.log(httpEntry());
            assertTrue(receive(udp).contains("\"GET /x HTTP/1.1\""), "the null connection was not logged, the request was");
        }
    }

    @Test
    void sameLayoutAsRealHaproxy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "HAProxy 2.6 is not installed");
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            int port = udp.getLocalPort();
            int hHttp = freePort();
            Path cfg = Files.createTempFile("log-parity", ".cfg");
            Files.writeString(cfg, CFG.formatted(port, hHttp, port, freePort()));
            Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String reference;
            try {
                Await.until(() -> listening(hHttp));
                HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hHttp + "/x")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                do {
                    reference = receive(udp); // the readiness probe's connection logs a <BADREQ> line first
                } while (!reference.contains("GET /x"));
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(cfg);
            }
            Generation g = startProxy(CFG.formatted(port, freePort(), port, freePort()));
            LogEntry e = httpEntry();
            e.clientPort = 1;
            frontend(g, "fh").log().log(e);
            String ours = receive(udp);
            assertEquals("<N>Mon N N:N:N haproxy[N]: N.N.N.N:N [N/Mon/N:N:N:N.N] fh fh/<NOSRV> N/-N/-N/-N/N N N - - LR-- N/N/N/N/N N/N \"GET /x HTTP/N.N\"\n",
                    shape(reference).replace("Mon  N", "Mon N"), "HAProxy's reference line changed: " + reference);
            // HAProxy's own line for a 'return' reply: 'fh fh/<NOSRV> 0/-1/-1/-1/0 200 58 - - LR-- 1/1/0/0/0 0/0 "GET /x HTTP/1.1"'
            assertEquals(shape(reference).replace("Mon  N", "Mon N"), shape(ours).replace("Mon  N", "Mon N"), "reference: " + reference);
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

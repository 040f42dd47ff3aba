package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.LuxyTestBase;

/**
 * Retries and {@code option redispatch} past a server that refuses connections, against the real
 * HAProxy 2.6 on the same cfg: for each request the server that answered, {@code %rc} (with the
 * "+" of a redispatch), the status, the termination state, and how many turn-around pauses of
 * min(1 s, timeout connect) = 500 ms it waited ({@code %Ta} rounded to pauses). HAProxy 2.6
 * (src/backend.c, stream.h): a retry redispatches at once when more than one active server is
 * usable and the algorithm does not hash the request, else on the retries the interval names;
 * it waits before a retry that stays on its server. Luxy's kinds of lines must be HAProxy's
 * (compared as sets: Luxy's roundrobin takes the servers in another order on its two event
 * loops, and leastconn breaks ties otherwise, so the same request may meet the dead server on
 * one and not on the other).
 */
class RetryParityIT extends LuxyTestBase {

    private static final String CFG = """
            defaults
                mode http
                log 127.0.0.1:%d format raw local0
                timeout connect 500ms
                timeout client 5s
                timeout server 5s
            frontend f
                bind 127.0.0.1:%d
                option dontlognull
                log-format "%%s %%rc %%ST %%ts %%Ta"
                default_backend b
            backend b
                retries 3
                %s
                server live 127.0.0.1:%d
                server dead 127.0.0.1:%d
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // roundrobin, leastconn: redispatched at once to the live server
        "balance roundrobin\\n    option redispatch",
        "balance leastconn\\n    option redispatch",
        // an interval of 0 or 1 changes nothing for roundrobin over two servers
        "balance roundrobin\\n    option redispatch 0",
        "balance roundrobin\\n    option redispatch 1",
        // without redispatch: three retries on the dead server, a pause before each, then 503
        "balance roundrobin",
        // a hash keeps its server: two retries with a pause, then the redispatch of the last retry
        "balance uri\\n    hash-type consistent\\n    option redispatch",
    })
    void retriesAndRedispatch_likeHaproxy(String backendLines) throws Exception {
        assumeTrue(HaproxyRunner.installed(), "HAProxy 2.6 is not installed");
        Peers.Backend live = new Peers.Backend(vertx(), "live", freePort(), 0);
        Peers.get(live.server.actualPort(), "/warm"); // its first request is slow
        String lines = backendLines.replace("\\n", "\n");
        java.util.SortedSet<String> reference;
        try (DatagramSocket udp = udp()) {
            int fe = freePort();
            String cfg = CFG.formatted(udp.getLocalPort(), fe, lines, live.server.actualPort(), freePort());
            try (HaproxyRunner h = HaproxyRunner.start(cfg, fe)) {
                reference = traffic(fe, udp);
            }
        }
        try (DatagramSocket udp = udp()) {
            int fe = freePort();
            startProxy(CFG.formatted(udp.getLocalPort(), fe, lines, live.server.actualPort(), freePort()));
            assertEquals(reference, traffic(fe, udp), "HAProxy's lines: " + reference);
        }
    }

    private static DatagramSocket udp() throws IOException {
        DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        s.setSoTimeout(10_000);
        return s;
    }

    /**
     * Two unreported requests (a cold first request may take a few hundred ms), then six on new
     * connections; the kinds of log lines these gave, %Ta turned into a count of 500 ms pauses.
     */
    private static java.util.SortedSet<String> traffic(int fe, DatagramSocket udp) throws IOException {
        byte[] buf = new byte[2048];
        for (int i = 0; i < 2; i++) {
            Peers.get(fe, "/warm" + i);
            udp.receive(new DatagramPacket(buf, buf.length));
        }
        int n = 6;
        for (int i = 0; i < n; i++) {
            Peers.get(fe, "/p" + i);
        }
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            udp.receive(p);
            String[] f = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).trim().split(" ");
            long pauses = Math.round(Long.parseLong(f[4]) / 500.0);
            out.add(f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " pauses=" + pauses);
        }
        return out;
    }
}

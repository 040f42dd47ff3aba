package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.luxy.proxy.Backend;
import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * A server killed under concurrent keep-alive load (issue 12, "server failure without a latency
 * cliff"): with {@code retries 3} and {@code option redispatch} over two roundrobin servers, the
 * requests in flight on the killed server and those the balancer still sends to it (unchecked, or
 * before its check marks it DOWN) are redispatched to the other server at once, as HAProxy 2.6
 * does; none fails and none waits for the turn-around pause, which HAProxy applies only to a retry
 * that stays on its server or when no other active server is usable. The pause is 1 s here
 * (min(1 s, timeout connect 10 s)), so a request that waited it shows {@code %Ta >= 1000}.
 */
class ServerFailureIT extends LuxyTestBase {

    private static final int TOTAL = 1200;
    private static final int KILL_AFTER = 300;
    private static final int WORKERS = 8;

    @ParameterizedTest(name = "server line suffix ''{0}''")
    @ValueSource(strings = {"", " check inter 300 fall 2 rise 2"})
    void aServerKilledUnderLoad_losesNoRequest_andNoRetryWaits(String check) throws Exception {
        Peers.Backend s1 = new Peers.Backend(vertx(), "s1", freePort(), 2);
        Peers.Backend s2 = new Peers.Backend(vertx(), "s2", freePort(), 2);
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setReceiveBufferSize(1 << 20);
            int fe = freePort();
            Generation g = startProxy("""
                    defaults
                        mode http
                        log 127.0.0.1:%d format raw local0
                        timeout connect 10s
                        timeout client 10s
                        timeout server 10s
                    frontend f
                        bind 127.0.0.1:%d
                        log-format "%%s %%rc %%Ta %%ST %%ts"
                        default_backend b
                    backend b
                        balance roundrobin
                        retries 3
                        option redispatch
                        server s1 127.0.0.1:%d%s
                        server s2 127.0.0.1:%d%s
                    """.formatted(udp.getLocalPort(), fe, s1.server.actualPort(), check, s2.server.actualPort(), check));
            LogLines logs = LogLines.start(udp);
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (int w = 0; w < WORKERS; w++) {
                    workers.add(pool.submit(() -> load(fe, issued, done, failures, deadline)));
                }
                Await.until(() -> done.get() >= KILL_AFTER || !failures.isEmpty());
                s2.stop(); // closes its listener and every connection, the ones with a request in flight too
                for (Future<?> f : workers) {
                    f.get(70, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(failures.isEmpty(), "failed requests: " + failures);
            assertEquals(TOTAL, done.get());

            List<String[]> lines = logs.await(TOTAL);
            int redispatched = 0;
            for (String[] l : lines) { // server, retries, Ta, status, termination state
                assertEquals("200", l[3], String.join(" ", l));
                if (!l[1].equals("0")) {
                    redispatched++;
                    assertEquals("+1", l[1], "one retry, redispatched at once: " + String.join(" ", l));
                    assertEquals("s1", l[0], String.join(" ", l));
                }
                assertTrue(Long.parseLong(l[2]) < 1000, "no request waited for the 1 s turn-around: " + String.join(" ", l));
            }
            assertTrue(redispatched > 0, "the kill hit requests (in flight, or sent to the dead server)");
            Backend be = g.model().backends().get("b");
            assertEquals(redispatched, be.counters().wredis.sum(), "wredis counts each redispatch");
            assertEquals(0, be.counters().wretr.sum(), "no retry stayed on the dead server");
            if (!check.isEmpty()) {
                Await.until(() -> !be.server("s2").up());
            }
        }
    }

    /** Sends keep-alive GETs on one connection until {@link #TOTAL} were sent by all workers, or the deadline. */
    private static void load(int port, AtomicInteger issued, AtomicInteger done, ConcurrentLinkedQueue<String> failures,
            long deadline) {
        Socket s = null;
        try {
            while (failures.isEmpty() && issued.getAndIncrement() < TOTAL) {
                if (System.nanoTime() > deadline) {
                    failures.add("load not finished before the deadline: " + done.get());
                    return;
                }
                if (s == null) {
                    s = new Socket("127.0.0.1", port);
                    s.setSoTimeout(10_000);
                }
                String status;
                try {
                    status = exchange(s, "/r");
                } catch (IOException e) {
                    failures.add("request failed: " + e);
                    return;
                }
                if (!status.startsWith("HTTP/1.1 200 ")) {
                    failures.add(status);
                    return;
                }
                done.incrementAndGet();
            }
        } catch (IOException e) {
            failures.add("connect failed: " + e);
        } finally {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }

    /** One GET on keep-alive connection {@code s}: its status line, the body read by its content-length. */
    private static String exchange(Socket s, String path) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + head.length() + " bytes: " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("body cut short");
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Log lines received on a UDP socket by a background thread, split into fields. */
    private static final class LogLines {
        private final ConcurrentLinkedQueue<String[]> lines = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();

        static LogLines start(DatagramSocket udp) throws IOException {
            LogLines l = new LogLines();
            udp.setSoTimeout(200);
            Thread t = new Thread(() -> {
                byte[] buf = new byte[2048];
                while (!udp.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        udp.receive(p);
                    } catch (SocketTimeoutException e) {
                        continue;
                    } catch (IOException e) {
                        return;
                    }
                    l.lines.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).trim().split(" "));
                    l.count.incrementAndGet();
                }
            }, "log-receiver");
            t.setDaemon(true);
            t.start();
            return l;
        }

        List<String[]> await(int n) throws InterruptedException {
            Await.until(() -> count.get() >= n);
            return new ArrayList<>(lines);
        }
    }
}

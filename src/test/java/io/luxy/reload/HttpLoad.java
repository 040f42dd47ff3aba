package io.luxy.reload;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous HTTP load from background threads: one GET per new connection
 * ({@code Connection: close}), counting answers by body and every failure (refused or reset
 * connection, timeout, status other than 200). Runs until {@link #close()}, bounded by 120 s.
 */
final class HttpLoad extends ClientLoad {

    private final int port;
    final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();

    HttpLoad(int port, int clients) {
        this.port = port;
        startClients(clients, "load");
    }

    @Override
    void client() {
        while (running()) {
            one();
        }
    }

    private void one() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: luxy\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String r = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!r.startsWith("HTTP/1.1 200")) {
                failures.add(r.isEmpty() ? "empty response" : r.substring(0, Math.min(60, r.length())));
                return;
            }
            String body = r.substring(r.indexOf("\r\n\r\n") + 4);
            last = body;
            bodies.computeIfAbsent(body, k -> new AtomicLong()).incrementAndGet();
            ok.incrementAndGet();
        } catch (IOException e) {
            failures.add(e.toString());
        }
    }
}

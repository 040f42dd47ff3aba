package io.luxy.proxy.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** Real HTTP peers for the data-path tests: a Vert.x server that records what reached it, and a raw client. */
final class Peers {

    private Peers() {
    }

    /** A backend on loopback answering "NAME path" and recording each request's headers. */
    static final class Backend {
        final String name;
        final HttpServer server;
        final List<MultiMap> seen = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();

        Backend(Vertx vertx, String name, int port, long delayMs) throws Exception {
            this.name = name;
            this.server = vertx.createHttpServer().requestHandler(req -> {
                MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
                seen.add(h);
                req.body().onSuccess(b -> {
                    bodies.add(b.toString());
                    Runnable answer = () -> req.response().putHeader("x-server", name)
                            .putHeader("Connection", "x-drop").putHeader("x-drop", "1")
                            .end(name + " " + req.path());
                    if (delayMs > 0) {
                        vertx.setTimer(delayMs, t -> answer.run());
                    } else {
                        answer.run();
                    }
                });
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }

        void stop() throws Exception {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code raw} and reads until the peer closes (at most 5 s). */
    static String raw(int port, String raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder out = new StringBuilder();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                out.append("[no close]");
            }
            return out.toString();
        }
    }

    /** A GET with Connection: close. */
    static String get(int port, String path) throws IOException {
        return raw(port, "GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    }
}

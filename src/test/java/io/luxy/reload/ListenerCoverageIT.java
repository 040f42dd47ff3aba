package io.luxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.support.LuxyTestBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxInternal;

/**
 * Every event loop gets a listener for each bind, even when other contexts take event loops
 * from Vert.x's round-robin while the generation starts (Lua virtual threads, timers and
 * clients create contexts at any time). A loop without one would drop the connections the
 * acceptor gives it.
 */
class ListenerCoverageIT extends LuxyTestBase {

    @TempDir
    Path tmp;

    @Test
    void everyEventLoopHasAListener_whileOtherContextsTakeLoops() throws Exception {
        Vertx v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                ((VertxInternal) v).createEventLoopContext(); // advances the event loop round-robin
            }
        });
        try {
            for (int g = 1; g <= 5; g++) {
                int port = freePort();
                Path cfg = Files.writeString(tmp.resolve("g" + g + ".cfg"), """
                        defaults
                            mode http
                            timeout client 5s
                        frontend fe
                            bind 127.0.0.1:%d
                            http-request return status 200 content-type text/plain string ok
                        """.formatted(port));
                Generation.Built built = Generation.build(g, List.of(cfg), v, 4);
                assertTrue(built.generation() != null, () -> built.diagnostics().toString());
                Generation gen = built.generation();
                gen.start(v, 4).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(4, gen.listenerLoops(), "event loops with a listener, generation " + g);
                assertEquals("HTTP/1.1 200 OK", tcpExchange(port, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").lines().findFirst().orElse(""));
                gen.stop(v).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            churn.join();
            v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}

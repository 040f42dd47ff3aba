package io.luxy.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.proxy.Server;
import io.luxy.proxy.ServerSettings;
import io.luxy.proxy.check.CheckSettings;
import io.luxy.support.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Server maxconn: the second stream waits for the first's slot, a third times out in the queue. */
class ServerQueueTest {

    @Test
    void queuedStreamGetsTheSlotInTurnAndAnotherTimesOut() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Server srv = new Server(new ServerSettings("s1", 1, "127.0.0.1", 1, 1, false, false, 1, 0,
                    CheckSettings.DEFAULT, ServerSettings.ServerTls.NONE));
            Context ctx = vertx.getOrCreateContext();
            CompletableFuture<Boolean> first = new CompletableFuture<>();
            CompletableFuture<Boolean> second = new CompletableFuture<>();
            CompletableFuture<Boolean> third = new CompletableFuture<>();
            ctx.runOnContext(v -> {
                ServerQueue.acquire(srv, ctx, 0, first::complete);
                ServerQueue.acquire(srv, ctx, 0, second::complete);
            });
            assertTrue(first.get(5, TimeUnit.SECONDS));
            Await.until(() -> srv.queued().get() == 1);
            assertFalse(second.isDone());
            ctx.runOnContext(v -> ServerQueue.release(srv));
            assertTrue(second.get(5, TimeUnit.SECONDS));
            assertEquals(0, srv.queued().get());
            ctx.runOnContext(v -> ServerQueue.acquire(srv, ctx, 100, third::complete));
            assertFalse(third.get(5, TimeUnit.SECONDS), "queue timeout");
            assertEquals(1, srv.currentConns());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}

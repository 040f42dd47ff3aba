package io.luxy.lua.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Virtual threads started on an event loop are carried by that loop, and give it back when they park. */
class LoopThreadsTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldCarryVirtualThreadsOnTheStartingEventLoop() throws Exception {
        assertTrue(LoopThreads.enabled(), "the test JVM opens java.lang (pom.xml argLine)");
        CompletableFuture<String> carrier = new CompletableFuture<>();
        CompletableFuture<String> nested = new CompletableFuture<>();
        vertx.runOnContext(v -> LoopThreads.start(() -> {
            carrier.complete(Thread.currentThread().toString());
            LoopThreads.start(() -> nested.complete(Thread.currentThread().toString()));
        }));
        assertTrue(carrier.get(10, TimeUnit.SECONDS).endsWith("@vert.x-eventloop-thread-0"), carrier.get());
        assertTrue(nested.get(10, TimeUnit.SECONDS).endsWith("@vert.x-eventloop-thread-0"), nested.get());
    }

    @Test
    void shouldLetTheLoopRunOtherTasksWhileAVirtualThreadParks() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Thread> parked = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            LoopThreads.start(() -> {
                order.add("lua before park");
                parked.complete(Thread.currentThread());
                LockSupport.park();
                order.add("lua after park");
                done.complete(null);
            });
            vertx.runOnContext(x -> {
                order.add("loop task");
                LockSupport.unpark(parked.join());
            });
        });
        done.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("lua before park", "loop task", "lua after park"), order);
    }

    @Test
    void shouldRunCarrierBlockingCallsOffTheLoop() throws Exception {
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<String> result = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            LoopThreads.start(() -> {
                try {
                    // blocks its thread without parking (as a pipe read does): only the loop can release it
                    result.complete(LoopThreads.offLoop(() -> {
                        while (!released.await(1, TimeUnit.MILLISECONDS)) {
                            Thread.onSpinWait();
                        }
                        return Thread.currentThread().toString();
                    }));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
            vertx.runOnContext(x -> released.countDown());
        });
        String carrier = result.get(10, TimeUnit.SECONDS);
        assertTrue(!carrier.contains("vert.x-eventloop"), carrier);
    }

    @Test
    void shouldUseTheDefaultSchedulerOffTheEventLoops() throws Exception {
        CompletableFuture<String> carrier = new CompletableFuture<>();
        LoopThreads.start(() -> carrier.complete(Thread.currentThread().toString())).join();
        assertTrue(carrier.get().contains("ForkJoinPool"), carrier.get());
    }
}

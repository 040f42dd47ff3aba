package io.luxy.reload;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load from background client threads, each running {@link #client()} until {@link #close()}
 * (bounded by 120 s), counting answers and every failure.
 */
abstract class ClientLoad implements AutoCloseable {

    private final long deadline = System.nanoTime() + 120_000_000_000L;
    private volatile boolean running = true;
    private Thread[] threads = new Thread[0];
    /** Requests answered with 200. */
    final AtomicLong ok = new AtomicLong();
    /** One line per failed request. */
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    /** The body of the latest successful answer. */
    volatile String last = "";

    /** Starts {@code clients} threads named {@code name-N} (call at the end of the constructor). */
    final void startClients(int clients, String name) {
        threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            threads[i] = Thread.ofPlatform().daemon().name(name + "-" + i).start(this::client);
        }
    }

    /** One client's work: loops while {@link #running()}. */
    abstract void client();

    /** Whether the clients go on. */
    final boolean running() {
        return running && System.nanoTime() < deadline;
    }

    /** The body of the latest successful answer. */
    final String last() {
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}

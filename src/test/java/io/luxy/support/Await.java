package io.luxy.support;

import java.util.function.BooleanSupplier;

/** Waits for a condition instead of sleeping a fixed time: polls every 20 ms, fails after 10 s. */
public final class Await {

    private Await() {
    }

    /** Returns once {@code condition} holds; throws AssertionError after 10 s. */
    public static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(20);
        }
    }
}

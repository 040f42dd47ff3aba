package io.luxy.reload;

import java.util.function.BooleanSupplier;

/** {@link io.luxy.support.Await} with a bound of the test's choosing (reload tests wait up to 30 s). */
final class Await {

    private Await() {
    }

    /** Returns once {@code condition} holds; throws AssertionError after 30 s. */
    static void until(BooleanSupplier condition) throws InterruptedException {
        until(condition, 30_000);
    }

    /** Returns once {@code condition} holds; throws AssertionError after {@code millis}. */
    static void until(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + millis + " ms");
            }
            Thread.sleep(10);
        }
    }
}

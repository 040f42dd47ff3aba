package io.luxy.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.luxy.LuxyServer;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.reload.Generation;

/**
 * Readiness and liveness of the proxy itself: UP once a generation serves, with its number and
 * the count of Lua errors reported since start.
 */
@ApplicationScoped
public class GenerationHealth {

    @Inject
    LuxyServer server;

    private HealthCheckResponse answer(String name) {
        Generation g = server.current();
        return HealthCheckResponse.named(name).status(g != null)
                .withData("generation", g == null ? 0 : g.number())
                .withData("luaErrors", LuaReporter.errors())
                .build();
    }

    /** Ready once the first generation listens. */
    @Readiness
    HealthCheck generation() {
        return () -> answer("generation");
    }

    /** The Lua engine is alive when a generation with its states serves. */
    @Liveness
    HealthCheck luaEngine() {
        return () -> answer("lua-engine");
    }
}

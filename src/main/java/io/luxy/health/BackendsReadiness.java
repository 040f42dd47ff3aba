package io.luxy.health;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.luxy.LuxyServer;
import io.luxy.config.mapping.LuxyConfig;
import io.luxy.proxy.Backend;
import io.luxy.reload.Generation;

/**
 * Readiness of the backends chosen by {@code luxy.health.backends} ({@code all}: every backend
 * that has servers; {@code none}; or a list of names): each needs a usable server (HAProxy's
 * {@code nbsrv > 0}). Data: {@code name: "UP 2/3"}. Reads the servers' volatile state only.
 */
@ApplicationScoped
public class BackendsReadiness {

    @Inject
    LuxyServer server;

    @Inject
    LuxyConfig config;

    /** UP when every selected backend has at least one usable server. */
    @Readiness
    HealthCheck backends() {
        String mode = config.health().backends().trim();
        Set<String> names = mode.equals("all") || mode.equals("none") ? Set.of() : Set.of(mode.split("\\s*,\\s*"));
        return () -> {
            Generation g = server.current();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("backends");
            boolean up = g != null || server.draining();
            if (g != null && !mode.equals("none")) {
                for (Backend be : g.model().backends().values()) {
                    if (mode.equals("all") ? be.servers().isEmpty() : !names.contains(be.name())) {
                        continue;
                    }
                    int usable = be.usableServers();
                    up &= usable > 0;
                    b.withData(be.name(), (usable > 0 ? "UP " : "DOWN ") + usable + "/" + be.servers().size());
                }
            }
            return b.status(up).build();
        };
    }
}

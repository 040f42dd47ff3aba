package io.luxy.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;


import io.luxy.LuxyServer;
import io.luxy.config.HaproxyTime;
import io.luxy.config.mapping.HealthConfig;
import io.luxy.config.mapping.LuxyConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import io.vertx.core.Vertx;

/**
 * Registers a readiness check per configured Lua service probe and runs each probe every
 * interval on a virtual thread. Configuration ({@code application.properties} or environment):
 * {@code luxy.health.readiness.NAME.service=SERVICE} (required), {@code ….path=/} and
 * {@code ….interval=2s} (a java.time Duration or HAProxy-style "2s"/"500ms").
 */
@ApplicationScoped
public class LuaServiceProbes {

    @Inject
    LuxyConfig config;

    @Inject
    Vertx vertx;

    @Inject
    LuxyServer server;

    @Inject
    @org.eclipse.microprofile.health.Readiness
    HealthRegistry readiness;

    private final List<LuaServiceProbe> probes = new ArrayList<>();

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent ev) {
        for (Map.Entry<String, HealthConfig.ProbeConfig> e : new TreeMap<>(config.health().readiness()).entrySet()) {
            String name = e.getKey();
            long interval = millis(e.getValue().interval());
            LuaServiceProbe probe = new LuaServiceProbe(name, e.getValue().service(), e.getValue().path(), server);
            probes.add(probe);
            readiness.register(name, probe);
            Thread.startVirtualThread(probe::probe);
            vertx.setPeriodic(interval, id -> Thread.startVirtualThread(probe::probe));
        }
    }

    static long millis(String v) {
        String t = v.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t).toMillis();
        }
        HaproxyTime.Result r = HaproxyTime.parseMillis(t);
        if (!r.ok()) {
            throw new IllegalArgumentException("luxy.health.readiness.*.interval: invalid time '" + v + "'");
        }
        return Math.max(10, r.value());
    }
}

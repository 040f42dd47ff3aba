package io.luxy.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.luxy.LuxyServer;
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

    private static final String PREFIX = "luxy.health.readiness.";

    @Inject
    Config config;

    @Inject
    Vertx vertx;

    @Inject
    LuxyServer server;

    @Inject
    @org.eclipse.microprofile.health.Readiness
    HealthRegistry readiness;

    private final List<LuaServiceProbe> probes = new ArrayList<>();

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 100) StartupEvent ev) {
        TreeSet<String> names = new TreeSet<>();
        for (String p : config.getPropertyNames()) {
            if (p.startsWith(PREFIX) && p.endsWith(".service")) {
                names.add(p.substring(PREFIX.length(), p.length() - ".service".length()));
            }
        }
        for (String name : names) {
            String service = config.getValue(PREFIX + name + ".service", String.class);
            String path = config.getOptionalValue(PREFIX + name + ".path", String.class).orElse("/");
            long interval = millis(config.getOptionalValue(PREFIX + name + ".interval", String.class).orElse("2s"));
            LuaServiceProbe probe = new LuaServiceProbe(name, service, path, server);
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
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2));
        }
        if (t.endsWith("s")) {
            return Long.parseLong(t.substring(0, t.length() - 1)) * 1000;
        }
        return Long.parseLong(t);
    }
}

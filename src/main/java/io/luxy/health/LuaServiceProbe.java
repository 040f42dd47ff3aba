package io.luxy.health;

import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.luxy.LuxyServer;
import io.luxy.lua.bind.LuaServices;
import io.luxy.lua.engine.Registrations;
import io.luxy.reload.Generation;

/**
 * One readiness check backed by a Lua HTTP service ({@code luxy.health.readiness.NAME.service}):
 * {@link #probe()} runs the service in the background and keeps the last answer; {@link #call()}
 * reports UP for a 2xx status, DOWN otherwise, with status and body as data.
 */
final class LuaServiceProbe implements HealthCheck {

    private record Snapshot(boolean up, int status, String body, String error) {
    }

    private final String name;
    private final String service;
    private final String path;
    private final LuxyServer server;
    private volatile Snapshot last = new Snapshot(false, 0, "", "not probed yet");

    LuaServiceProbe(String name, String service, String path, LuxyServer server) {
        this.name = name;
        this.service = service;
        this.path = path;
        this.server = server;
    }

    /** Runs the service once (blocking; call on a virtual thread) and stores the result. */
    void probe() {
        Generation g = server.current();
        if (g == null) {
            last = new Snapshot(false, 0, "", "no generation serving");
            return;
        }
        Registrations.Entry e = g.lua().registrations().get(Registrations.Kind.SERVICE, service);
        if (e == null || !"http".equals(e.mode())) {
            last = new Snapshot(false, 0, "", "no Lua HTTP service named '" + service + "'");
            return;
        }
        ProbeExchange ex = new ProbeExchange(path, g.lua().procVars());
        try {
            LuaServices.runHttp(g.lua(), e, ex, "GET", 0, 0);
            ProbeExchange.Response r = ex.result().get(30, TimeUnit.SECONDS);
            last = new Snapshot(r.status() >= 200 && r.status() < 300, r.status(), r.body(), null);
        } catch (Exception ex2) {
            last = new Snapshot(false, 0, "", String.valueOf(ex2));
        }
    }

    @Override
    public HealthCheckResponse call() {
        Snapshot s = last;
        var b = HealthCheckResponse.named(name).status(s.up()).withData("service", "lua." + service)
                .withData("status", s.status()).withData("body", s.body().strip());
        if (s.error() != null) {
            b.withData("error", s.error());
        }
        return b.build();
    }
}

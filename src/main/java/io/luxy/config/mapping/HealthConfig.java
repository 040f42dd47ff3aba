package io.luxy.config.mapping;

import java.util.Map;

import io.smallrye.config.WithDefault;

/** {@code luxy.health.*}: readiness from Lua HTTP services and backends, liveness of the event loops. */
public interface HealthConfig {

    /** Readiness probes by check name ({@code luxy.health.readiness.NAME.*}). */
    Map<String, ProbeConfig> readiness();

    /**
     * Backends that must have a server UP for readiness: {@code all} (every backend that has
     * servers), {@code none}, or a comma-separated list of backend names.
     */
    @WithDefault("all")
    String backends();

    /** Liveness goes DOWN when an event loop has not run a task for this long. */
    @WithDefault("10s")
    String eventLoopBlocked();

    /** One Lua service probe. */
    interface ProbeConfig {

        /** The Lua HTTP service to run (registered name, without {@code lua.}). */
        String service();

        /** The request path the service sees. */
        @WithDefault("/")
        String path();

        /** How often the probe runs: HAProxy time ("2s", "500ms") or ISO-8601 ("PT2S"). */
        @WithDefault("2s")
        String interval();
    }
}

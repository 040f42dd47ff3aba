package io.luxy.config.mapping;

import java.util.Map;

import io.smallrye.config.WithDefault;

/** {@code luxy.health.*}: readiness checks answered by Lua HTTP services. */
public interface HealthConfig {

    /** Readiness probes by check name ({@code luxy.health.readiness.NAME.*}). */
    Map<String, ProbeConfig> readiness();

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

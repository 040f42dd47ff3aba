package io.luxy.config.mapping;

import io.smallrye.config.WithDefault;

/** {@code luxy.reload.*}: reloading the configuration and scripts in place. */
public interface ReloadConfig {

    /** Watch the configuration and {@code lua-load} scripts and reload when they change. */
    @WithDefault("true")
    boolean watch();

    /** Quiet time after a file event before reloading: HAProxy time ("200ms") or ISO-8601. */
    @WithDefault("200ms")
    String debounce();

    /** How long a retiring generation's connections may drain when {@code hard-stop-after} is not set. */
    @WithDefault("30s")
    String drain();

    /** Readiness stays UP after a refused reload (the previous generation serves correctly). */
    @WithDefault("true")
    boolean readyOnFailure();
}

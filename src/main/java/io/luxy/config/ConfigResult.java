package io.luxy.config;

/** A loaded configuration (partial when refused) and every message about it, in HAProxy's order. */
public record ConfigResult(ConfigFile config, Diagnostics diagnostics) {

    /** True when HAProxy would refuse this configuration (at least one alert). */
    public boolean refused() {
        return diagnostics.hasAlerts();
    }
}

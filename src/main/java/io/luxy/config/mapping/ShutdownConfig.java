package io.luxy.config.mapping;

import io.smallrye.config.WithDefault;

/** {@code luxy.shutdown.*}: what SIGTERM does before the process exits. */
public interface ShutdownConfig {

    /**
     * How long listeners keep accepting after readiness went DOWN (Kubernetes sends traffic until
     * the endpoints update); then they stop and connections drain for {@code hard-stop-after}.
     */
    @WithDefault("0s")
    String grace();
}

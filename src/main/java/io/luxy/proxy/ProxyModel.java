package io.luxy.proxy;

import java.util.List;
import java.util.Map;

import io.luxy.sample.Maps;

/**
 * The frontends and backends of one generation, built from the configuration, and the map files
 * its rules loaded (shared, changed in place by the runtime API).
 */
public record ProxyModel(List<Frontend> frontends, Map<String, Backend> backends, Maps maps) {

    /** A model without map files. */
    public ProxyModel(List<Frontend> frontends, Map<String, Backend> backends) {
        this(frontends, backends, new Maps());
    }
}

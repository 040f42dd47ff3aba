package io.luxy.proxy;

import java.util.List;
import java.util.Map;

/** The frontends and backends of one generation, built from the configuration. */
public record ProxyModel(List<Frontend> frontends, Map<String, Backend> backends) {
}

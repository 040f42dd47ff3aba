package io.luxy.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Projects a parsed haproxy.cfg onto {@code luxy.*} properties with ordinal 200, below
 * application.properties (250) and environment variables (300), so either can override a value:
 * {@code luxy.global.lua-load[0]}, {@code luxy.frontends.<fe>.bind[0]}, {@code .mode},
 * {@code .default-backend}, {@code .timeout.<name>}, {@code luxy.backends.<be>.balance},
 * {@code .servers.<srv>.address}, {@code .servers.<srv>.weight}. Only names that
 * {@code io.luxy.config.mapping.LuxyConfig} maps are emitted.
 */
public final class HaproxyConfigSource implements ConfigSource {

    /** Below application.properties (250) and the environment (300). */
    public static final int ORDINAL = 200;

    private static final List<String> GLOBAL_LISTS = List.of("lua-load", "lua-load-per-thread", "lua-prepend-path");
    private static final List<String> GLOBAL_VALUES = List.of("maxconn", "nbthread", "tune.lua.forced-yield",
            "tune.lua.maxmem", "tune.lua.session-timeout", "tune.lua.service-timeout", "tune.lua.task-timeout",
            "tune.lua.burst-timeout", "tune.lua.log.loggers", "tune.lua.log.stderr");

    /**
     * Vert.x's event loops, one per thread as HAProxy's {@code nbthread} (default: the CPUs the
     * process may use, as HAProxy 2.6 sizes it). Quarkus's own default (2 per CPU) puts two busy
     * event loops on each core, and the kernel's time slices between them become the proxy's p99.
     * Read once when Vert.x starts: a changed {@code nbthread} needs a restart.
     */
    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

    private final String name;
    private final Map<String, String> properties;

    /** A source holding the projection of {@code config}. */
    public HaproxyConfigSource(ConfigFile config) {
        this.name = "HaproxyConfigSource" + config.sources();
        this.properties = project(config);
    }

    /** The {@code luxy.*} properties of {@code config}, in file order. */
    public static Map<String, String> project(ConfigFile config) {
        Map<String, String> p = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Directive d : config.global()) {
            String kw = d.keyword();
            if (GLOBAL_LISTS.contains(kw) && d.arg(0) != null) {
                int i = counts.merge(kw, 1, Integer::sum) - 1;
                p.put("luxy.global." + kw + "[" + i + "]", d.arg(0));
            } else if (GLOBAL_VALUES.contains(kw) && d.arg(0) != null) {
                p.put("luxy.global." + kw, d.arg(0));
            } else if (kw.equals("daemon")) {
                p.put("luxy.global.daemon", "true");
            }
        }
        for (Section px : config.proxies()) {
            if (px.kind().hasFrontend()) {
                String base = "luxy.frontends." + key(px.name()) + ".";
                common(px, base, p);
                List<Directive> binds = px.all("bind");
                for (int i = 0; i < binds.size(); i++) {
                    p.put(base + "bind[" + i + "]", binds.get(i).arg(0));
                }
                px.inherited("default_backend").ifPresent(d -> p.put(base + "default-backend", d.arg(0)));
                px.last("maxconn").ifPresent(d -> p.put(base + "maxconn", d.arg(0)));
            }
            if (px.kind().hasBackend()) {
                String base = "luxy.backends." + key(px.name()) + ".";
                common(px, base, p);
                px.inherited("balance").ifPresent(d -> p.put(base + "balance", d.arg(0)));
                for (Directive s : px.all("server")) {
                    if (s.arg(1) == null) {
                        continue;
                    }
                    String sb = base + "servers." + key(s.arg(0)) + ".";
                    p.put(sb + "address", s.arg(1));
                    int w = s.args().indexOf("weight");
                    if (w > 1 && s.arg(w + 1) != null) {
                        p.put(sb + "weight", s.arg(w + 1));
                    }
                }
            }
        }
        p.put(EVENT_LOOPS, config.global().stream().filter(d -> d.keyword().equals("nbthread") && d.arg(0) != null)
                .reduce((a, b) -> b).map(d -> d.arg(0))
                .orElse(String.valueOf(Runtime.getRuntime().availableProcessors())));
        p.values().removeIf(v -> v == null);
        return p;
    }

    /** mode and timeouts, inherited from the defaults section. */
    private static void common(Section px, String base, Map<String, String> p) {
        px.inherited("mode").ifPresent(d -> p.put(base + "mode", d.arg(0)));
        for (Section s = px; s != null; s = s.defaults()) {
            for (Directive t : s.all("timeout")) {
                if (t.arg(0) != null && t.arg(1) != null) {
                    p.putIfAbsent(base + "timeout." + key(t.arg(0)),
                            px.inherited("timeout", t.arg(0)).map(d -> d.arg(1)).orElse(t.arg(1)));
                }
            }
        }
    }

    /** A map key as SmallRye expects it: quoted when it contains a dot. */
    static String key(String name) {
        return name.contains(".") ? "\"" + name + "\"" : name;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}

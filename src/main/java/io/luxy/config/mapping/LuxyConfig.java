package io.luxy.config.mapping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;

/**
 * The typed, read-only view of Luxy's configuration: haproxy.cfg projected by
 * {@code HaproxyConfigSource} (ordinal 200) and overridable from application.properties (250)
 * and the environment (300). The parsed AST stays the source of truth; see {@code ConfigOverrides}.
 */
@ConfigMapping(prefix = "luxy")
public interface LuxyConfig {

    /** The haproxy.cfg files or folders to read, in order (HAProxy {@code -f}). */
    @WithDefault("config/haproxy.cfg")
    List<String> config();

    /** The {@code global} section. */
    GlobalConfig global();

    /** The frontend and listen sections, by name. */
    Map<String, FrontendConfig> frontends();

    /** The backend and listen sections, by name. */
    Map<String, BackendConfig> backends();

    /** Event loops serving frontends, and {@code lua-load-per-thread} states; 0 = one per CPU. */
    @WithDefault("0")
    int threads();

    /** Health checks built from Lua services, backends and event loops. */
    HealthConfig health();

    /** Reloading in place. */
    ReloadConfig reload();

    /** SIGTERM handling. */
    ShutdownConfig shutdown();

    /** The Lua engine ({@code luxy.lua.*}). */
    LuaConfig lua();

    /** {@code luxy.lua.*}: declared here so that {@code -Dluxy.lua.luajc=false} passes validation. */
    interface LuaConfig {
        /** Compile scripts to JVM bytecode (luajc); read by {@code LuaEngine} as a JVM system property. */
        @WithDefault("true")
        boolean luajc();
    }
}

package io.luxy.config.mapping;

import java.util.Optional;

/** The {@code tune.lua.*} limits, as written in haproxy.cfg (times keep their unit, e.g. {@code 4s}). */
public interface LuaTuneConfig {

    /** {@code tune.lua.forced-yield}: instructions between forced yields. */
    Optional<String> forcedYield();

    /** {@code tune.lua.maxmem}: memory limit per Lua state, in megabytes. */
    Optional<String> maxmem();

    /** {@code tune.lua.session-timeout}: time an action or fetch may execute Lua. */
    Optional<String> sessionTimeout();

    /** {@code tune.lua.service-timeout}: time a service may execute Lua. */
    Optional<String> serviceTimeout();

    /** {@code tune.lua.task-timeout}: time a task may execute Lua. */
    Optional<String> taskTimeout();

    /** {@code tune.lua.burst-timeout}: time Lua may run without yielding. */
    Optional<String> burstTimeout();

    /** The {@code tune.lua.log.*} switches. */
    LuaLogConfig log();

    /** The {@code tune.lua.log.*} switches. */
    interface LuaLogConfig {

        /** {@code tune.lua.log.loggers}: on or off. */
        Optional<String> loggers();

        /** {@code tune.lua.log.stderr}: on, auto or off. */
        Optional<String> stderr();
    }
}

package io.luxy.config.mapping;

import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@code global} section keywords Luxy projects ({@code luxy.global.*}). */
public interface GlobalConfig {

    /** The scripts of {@code lua-load}, loaded into the shared Lua state, in order. */
    Optional<List<String>> luaLoad();

    /** The scripts of {@code lua-load-per-thread}, loaded into one state per event loop. */
    Optional<List<String>> luaLoadPerThread();

    /** The {@code lua-prepend-path} entries, in order. */
    Optional<List<String>> luaPrependPath();

    /** The process-wide {@code maxconn}. */
    OptionalInt maxconn();

    /** The {@code nbthread} value (number of event loops). */
    OptionalInt nbthread();

    /** True when {@code daemon} is set. */
    @WithDefault("false")
    boolean daemon();

    /** The {@code tune.*} keywords. */
    TuneConfig tune();

    /** The {@code tune.*} keywords Luxy knows. */
    interface TuneConfig {

        /** The {@code tune.lua.*} keywords. */
        LuaTuneConfig lua();
    }
}

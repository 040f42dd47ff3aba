package io.luxy.lua.api;

import java.util.Map;

import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;

import org.luaj.vm2.Varargs;

/**
 * What the Lua API needs from the running proxy: Vert.x for sockets and timers, the sample
 * registry behind {@code txn.f}/{@code txn.c}, the {@code proc.} variables, and a way to start
 * tasks registered at run time. In check mode ({@code -c}) there is no Vert.x: run-time
 * functions are never called then.
 */
public interface LuaHost {

    /** The Vert.x instance, or null in check mode. */
    Vertx vertx();

    /** The client used by {@code core.tcp()} sockets ({@code tls} for connect_ssl, verify none). */
    NetClient netClient(boolean tls);

    /** Native fetches and converters (without lua.* ones, which Lua cannot call). */
    SampleRegistry samples();

    /** The generation's {@code proc.} variables. */
    Map<String, Sample> procVars();

    /** Starts a task registered with {@code core.register_task} after start-up. */
    void startTask(LuaFunctionRef fn, Varargs args);

    /** The generation's proxies once built (null while the scripts' bodies run and in check mode). */
    default io.luxy.proxy.ProxyModel model() {
        return null;
    }

    /** The generation's map and ACL pattern files (shared by the config, {@code Map.new} and {@code core.set_map}). */
    default io.luxy.sample.Maps maps() {
        return null;
    }

    /** The client of {@code core.httpclient()} objects (null in check mode). */
    default io.vertx.core.http.HttpClient httpClient() {
        return null;
    }

    /** Keeps a {@code core.register_cli} registration for the runtime API. */
    default void registerCli(CliCommand command) {
    }

    /** The number of worker threads (HAProxy's {@code Nbthread}). */
    default int threads() {
        return 1;
    }

    /** When the generation was built, in epoch milliseconds (base of {@code Uptime_sec}). */
    default long startMillis() {
        return System.currentTimeMillis();
    }
}

package io.luxy.reload;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.luxy.Keywords;
import io.luxy.config.ConfigFile;
import io.luxy.config.ConfigLoader;
import io.luxy.config.ConfigResult;
import io.luxy.config.Diagnostics;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.Backend;
import io.luxy.proxy.FrontDoor;
import io.luxy.proxy.ListenerRegistry;
import io.luxy.proxy.Listeners;
import io.luxy.proxy.check.HealthChecks;
import io.luxy.proxy.Mode;
import io.luxy.proxy.ProxyBuilder;
import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.http.HttpForwarder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.luxy.proxy.tcp.TcpForwarder;

/**
 * One generation: parsed config, loaded Lua states and the proxies built from them, then (once
 * started) their listeners, Lua tasks and client pools. Built with {@link #build}; a build with
 * alerts is refused and nothing of it listens.
 */
public final class Generation {

    /** A build's outcome: the generation (null when refused) and every message. */
    public record Built(Generation generation, Diagnostics diagnostics) {
    }

    private final int number;
    private final ConfigFile config;
    private final LuaRuntime lua;
    private final ProxyModel model;
    private final Map<String, HttpForwarder> forwarders = new HashMap<>();
    private final Map<String, TcpForwarder> tcpForwarders = new HashMap<>();
    private final io.luxy.proxy.HttpConnections connections = new io.luxy.proxy.HttpConnections();
    /** Where this generation's binds listen (null before start). */
    private volatile ListenerRegistry listeners;
    /** Whether {@link #listeners} is this generation's own (started alone) or shared by generations. */
    private volatile boolean ownsListeners;
    private volatile List<FrontDoor> doors = List.of();
    private HealthChecks checks;
    private io.luxy.runtime.RuntimeApi runtime;

    private Generation(int number, ConfigFile config, LuaRuntime lua, ProxyModel model) {
        this.number = number;
        this.config = config;
        this.lua = lua;
        this.model = model;
    }

    /**
     * Parses {@code paths}, loads the Lua scripts and builds the proxies. {@code vertx} is null
     * in check mode ({@code -c}). {@code threads} sizes {@code lua-load-per-thread}.
     */
    public static Built build(int number, List<Path> paths, Vertx vertx, int threads) {
        return build(number, paths, vertx, threads, UnaryOperator.identity());
    }

    /**
     * Like {@link #build(int, List, Vertx, int)}, applying {@code overrides} to the parsed file
     * first (e.g. {@code ConfigOverrides.apply} with the SmallRye view, so properties and
     * environment variables win over haproxy.cfg).
     */
    public static Built build(int number, List<Path> paths, Vertx vertx, int threads, UnaryOperator<ConfigFile> overrides) {
        ConfigResult parsed = ConfigLoader.load(paths, Keywords.standard());
        Diagnostics diag = parsed.diagnostics();
        if (parsed.refused()) {
            return new Built(null, diag);
        }
        ConfigFile config = overrides.apply(parsed.config());
        io.luxy.proxy.auth.Userlists users = io.luxy.proxy.auth.Userlists.from(config, diag);
        LuaRuntime lua = LuaRuntime.load(config, diag, vertx, threads, io.luxy.sample.SampleRegistry.builtin().withUserlists(users));
        ProxyModel model = new ProxyBuilder(config, lua, diag).build();
        lua.model(model);
        if (diag.hasAlerts()) {
            lua.stop();
            return new Built(null, diag);
        }
        return new Built(new Generation(number, config, lua, model), diag);
    }

    /**
     * Runs Lua init functions, binds every frontend on {@code instances} event loops and starts
     * the Lua tasks, with listeners of its own (a generation started alone, as in tests and check
     * tools). Fails when an init function fails or an address cannot be bound.
     */
    public Future<Void> start(Vertx vertx, int instances) {
        ListenerRegistry own = new ListenerRegistry(vertx, instances);
        ownsListeners = true;
        return start(vertx, instances, own).compose(v -> own.route(doors));
    }

    /**
     * Like {@link #start(Vertx, int)}, opening this generation's binds in {@code registry}, which
     * outlives generations: binds already open stay as they are and keep serving the generation
     * in service until the caller {@link ListenerRegistry#route routes} them to this one.
     * {@code instances} sizes the stats sockets' per-thread state.
     */
    public Future<Void> start(Vertx vertx, int instances, ListenerRegistry registry) {
        if (!lua.runInits()) {
            return Future.failedFuture("Lua init failed");
        }
        for (Backend b : model.backends().values()) {
            if (b.mode() == Mode.HTTP) {
                forwarders.put(b.name(), new HttpForwarder(vertx, b, lua));
            } else {
                tcpForwarders.put(b.name(), new TcpForwarder(vertx, b));
            }
        }
        try {
            runtime = io.luxy.runtime.RuntimeApi.start(config, model, lua, instances); // stats sockets
        } catch (java.io.IOException e) {
            return Future.failedFuture("Starting frontend GLOBAL: cannot bind stats socket: " + e.getMessage());
        }
        listeners = registry;
        doors = Listeners.doors(model, lua, Map.copyOf(forwarders), Map.copyOf(tcpForwarders), io.luxy.proxy.http.H1Limits.from(config.global()),
                connections, registry.eventLoops());
        return registry.open(doors)
                .onSuccess(v -> {
                    checks = HealthChecks.start(vertx, model);
                    lua.startTasks();
                })
                .mapEmpty();
    }

    /** This generation's binds, one door each (empty before start). */
    public List<FrontDoor> doors() {
        return doors;
    }

    /**
     * Stops at once: no request is served any more, the connections of its closed binds and
     * those with one of its requests in flight close, its own listeners close; Lua tasks,
     * checks and client pools stop.
     */
    public Future<Void> stop(Vertx vertx) {
        connections.closeAll();
        if (listeners != null) {
            listeners.closeBusy(connections);
        }
        lua.stop();
        if (runtime != null) {
            runtime.stop();
        }
        if (checks != null) {
            checks.stop();
        }
        forwarders.values().forEach(HttpForwarder::close);
        tcpForwarders.values().forEach(TcpForwarder::close);
        ListenerRegistry r = listeners;
        if (r == null) {
            return Future.succeededFuture();
        }
        // listeners of its own close; shared ones close only what this generation opened and never served
        return ownsListeners ? r.closeAll() : r.abandon(doors);
    }

    /**
     * Retires this generation (reload or shutdown), once new requests no longer come to it (its
     * binds were routed to a newer generation, or closed; its own listeners close now): kept
     * HTTP connections go on with the newer generation; those of closed binds close after their
     * response, or now when idle. Once its requests in flight have ended and those connections
     * have closed, or after {@code drainMillis}, it {@link #stop stops}.
     */
    public Future<Void> retire(Vertx vertx, long drainMillis) {
        ListenerRegistry r = listeners;
        Future<Void> undeployed = ownsListeners && r != null ? r.closeAll() : Future.succeededFuture();
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        undeployed.onComplete(u -> {
            long timer = vertx.setTimer(Math.max(1, drainMillis), t -> done.tryComplete());
            connections.retire().onComplete(d -> {
                vertx.cancelTimer(timer);
                done.tryComplete();
            });
        });
        return done.future().compose(v -> stop(vertx));
    }

    /** How many event loops accept connections for each bind of this generation (0 before start). */
    public int listenerLoops() {
        ListenerRegistry r = listeners;
        return r == null || doors.isEmpty() || !r.addresses().containsAll(doors.stream().map(FrontDoor::key).toList())
                ? 0 : r.eventLoops();
    }

    /** HTTP requests in flight and TCP streams open on this generation. */
    public int requestsInFlight() {
        return connections.requests();
    }

    /** The files this generation was read from: configuration files and {@code lua-load} scripts. */
    public List<Path> sources() {
        List<Path> out = new java.util.ArrayList<>(config.sources());
        for (io.luxy.config.Directive d : config.global()) {
            if ((d.keyword().equals("lua-load") || d.keyword().equals("lua-load-per-thread")) && d.arg(0) != null) {
                out.add(Path.of(d.arg(0)));
            }
        }
        return out;
    }

    /** The generation number (1 for the first). */
    public int number() {
        return number;
    }

    /** The parsed configuration. */
    public ConfigFile config() {
        return config;
    }

    /** The Lua side (registrations, runtime services). */
    public LuaRuntime lua() {
        return lua;
    }

    /** The runtime API (stats sockets) of this generation, null before start. */
    public io.luxy.runtime.RuntimeApi runtime() {
        return runtime;
    }

    /** The frontends and backends. */
    public ProxyModel model() {
        return model;
    }
}

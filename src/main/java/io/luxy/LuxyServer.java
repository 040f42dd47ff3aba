package io.luxy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.luxy.config.ConfigOverrides;
import io.luxy.config.Diagnostics;
import io.luxy.config.HaproxyDiagnosticsPrinter;
import io.luxy.config.mapping.Durations;
import io.luxy.config.mapping.LuxyConfig;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.reload.Generation;
import io.luxy.reload.GenerationSwitch;
import io.luxy.reload.ReloadKeywords;
import io.luxy.reload.Reloader;
import io.luxy.reload.Signals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Runs the proxy with Quarkus: starts generation 1 from {@code luxy.config} (refusing to start,
 * with HAProxy's messages, when it is invalid), reloads in place when the files change or on
 * SIGHUP, and on shutdown (SIGTERM) turns readiness DOWN, keeps accepting for
 * {@code luxy.shutdown.grace}, then stops accepting and drains for {@code hard-stop-after}.
 * Publishes {@code luxy_reload_total{result}}, {@code luxy_generation} and
 * {@code luxy_lua_errors_total{script,function,kind}}.
 */
@ApplicationScoped
public class LuxyServer {

    private static final Logger LOG = Logger.getLogger("luxy");

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "luxy.config")
    String configPaths;

    @Inject
    LuxyConfig mapped;

    @Inject
    MeterRegistry metrics;

    private volatile GenerationSwitch generations;
    private volatile Reloader reloader;
    private volatile boolean draining;

    void onStart(@Observes StartupEvent ev) throws Exception {
        int n = mapped.threads() > 0 ? mapped.threads() : GenerationSwitch.eventLoops(vertx);
        GenerationSwitch g = new GenerationSwitch(vertx, ConfigPaths.parse(configPaths), n,
                ast -> ConfigOverrides.apply(ast, mapped), Durations.millis("luxy.reload.drain", mapped.reload().drain()));
        try {
            print(g.start());
        } catch (GenerationSwitch.Refused e) {
            print(e.diagnostics());
            throw new IllegalStateException("Invalid configuration " + configPaths + ": " + e.getMessage());
        }
        generations = g;
        LOG.infof("Luxy generation %d serving %d frontend(s) from %s", 1, g.current().model().frontends().size(), configPaths);
        FunctionCounter.builder("luxy.reload", g, GenerationSwitch::successes).tag("result", "success")
                .description("Reloads of the configuration and scripts").register(metrics);
        FunctionCounter.builder("luxy.reload", g, GenerationSwitch::failures).tag("result", "failure")
                .description("Reloads of the configuration and scripts").register(metrics);
        Gauge.builder("luxy.generation", g, x -> x.status().generation()).description("The generation in service")
                .register(metrics);
        LuaReporter.publishCounters((key, count) -> FunctionCounter.builder("luxy.lua.errors", count, LongAdder::sum)
                .tag("script", key.script()).tag("function", key.function()).tag("kind", key.kind().name().toLowerCase(Locale.ROOT))
                .description("Lua invocations that failed, per script, function and kind").register(metrics));
        if (mapped.reload().watch()) {
            reloader = new Reloader(g, Durations.millis("luxy.reload.debounce", mapped.reload().debounce()));
        }
        Signals.on("HUP", this::reload);
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            // The JVM's own SIGTERM handler exits 143; a drained stop is a clean exit, as HAProxy's.
            Signals.on("TERM", () -> Quarkus.asyncExit(0));
        }
    }

    /** SIGTERM with {@code quarkus.shutdown.delay} (= luxy.shutdown.grace): readiness DOWN, listeners still accept. */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent ev) {
        draining = true;
        LOG.infof("Luxy draining: readiness DOWN, accepting for %s more", mapped.shutdown().grace());
    }

    /** After the grace period: stop accepting, drain for {@code hard-stop-after}, stop (before Vert.x closes). */
    void onStop(@Observes @Priority(1) ShutdownEvent ev) throws Exception {
        draining = true;
        GenerationSwitch g = generations;
        if (g == null) {
            return;
        }
        LOG.info("Luxy stops accepting and drains");
        if (reloader != null) {
            reloader.close();
        }
        Generation cur = g.current();
        long drain = cur == null ? 0 : ReloadKeywords.hardStopAfter(cur.config().global(),
                Durations.millis("luxy.reload.drain", mapped.reload().drain()));
        try {
            g.retire().toCompletionStage().toCompletableFuture().get(drain + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Luxy stopped with connections still open: %s", e);
        }
        LOG.info("Luxy stopped");
    }

    /**
     * Reloads the configuration and scripts now (SIGHUP, the runtime API's {@code reload}); the
     * future ends with the outcome. Null before start.
     */
    public CompletableFuture<GenerationSwitch.Status> reload() {
        Reloader r = reloader;
        GenerationSwitch g = generations;
        if (r != null) {
            return r.reload();
        }
        return g == null ? CompletableFuture.completedFuture(null) : CompletableFuture.supplyAsync(g::reload);
    }

    /** The generation in service, or null before start and after shutdown. */
    public Generation current() {
        GenerationSwitch g = generations;
        return g == null ? null : g.current();
    }

    /** The last reload's outcome; null before start. */
    public GenerationSwitch.Status status() {
        GenerationSwitch g = generations;
        return g == null ? null : g.status();
    }

    /** True from the moment shutdown began. */
    public boolean draining() {
        return draining;
    }

    /** True once the first generation has served (stays true while draining). */
    public boolean started() {
        return generations != null;
    }

    private static void print(Diagnostics d) {
        for (String line : HaproxyDiagnosticsPrinter.stderr(d, ProcessHandle.current().pid())) {
            if (line.startsWith("[ALERT]")) {
                LOG.error(line);
            } else {
                LOG.warn(line);
            }
        }
    }
}

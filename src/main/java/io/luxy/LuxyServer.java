package io.luxy;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.luxy.config.ConfigOverrides;
import io.luxy.config.HaproxyDiagnosticsPrinter;
import io.luxy.config.mapping.LuxyConfig;
import io.luxy.reload.Generation;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Starts the proxy with Quarkus: builds generation 1 from {@code luxy.config}, refuses to start
 * (with HAProxy's messages) when the configuration is invalid, binds the frontends, and stops
 * them on shutdown. Holds the generation in service for the health checks.
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

    private volatile Generation current;

    void onStart(@Observes StartupEvent ev) throws Exception {
        int n = mapped.threads() > 0 ? mapped.threads() : Runtime.getRuntime().availableProcessors();
        Generation.Built built = Generation.build(1, ConfigPaths.parse(configPaths), vertx, n,
                ast -> ConfigOverrides.apply(ast, mapped));
        for (String line : HaproxyDiagnosticsPrinter.stderr(built.diagnostics(), ProcessHandle.current().pid())) {
            if (line.startsWith("[ALERT]")) {
                LOG.error(line);
            } else {
                LOG.warn(line);
            }
        }
        if (built.generation() == null) {
            throw new IllegalStateException("Invalid configuration " + configPaths + ": see the alerts above");
        }
        built.generation().start(vertx, n).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        current = built.generation();
        LOG.infof("Luxy generation %d serving %d frontend(s) from %s", current.number(), current.model().frontends().size(), configPaths);
    }

    void onStop(@Observes ShutdownEvent ev) throws Exception {
        Generation g = current;
        if (g != null) {
            g.stop(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The generation in service, or null before start. */
    public Generation current() {
        return current;
    }
}

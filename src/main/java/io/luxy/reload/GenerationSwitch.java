package io.luxy.reload;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import io.luxy.config.ConfigFile;
import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.proxy.ListenerRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The generation in service and the way to the next one. {@link #reload()} builds generation
 * N+1 beside N (parse, Lua load, {@code core.register_init}), carries the servers' run-time
 * state over, opens the binds N does not have, routes every bind to N+1 (the listening sockets
 * are kept across generations, see {@link ListenerRegistry}: a connection is neither refused
 * nor dropped, and the next request of a kept-alive connection goes to N+1), closes the binds
 * N+1 no longer has, then retires N in the background: its requests in flight and TCP streams
 * finish within {@code hard-stop-after}, then its Lua tasks and sockets stop. A generation
 * that fails at any step is refused with its first alert and N keeps serving. Reloads are
 * serialised.
 */
public final class GenerationSwitch {

    private static final Logger LOG = Logger.getLogger("luxy");

    /** How the last reload went: {@code none} (only the first generation), {@code success} or {@code failure}. */
    public record Status(int generation, String lastReload, Instant at, String error, long successes, long failures) {
    }

    private final Vertx vertx;
    private final List<Path> paths;
    private final int threads;
    private final UnaryOperator<ConfigFile> overrides;
    private final long defaultDrainMillis;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ListenerRegistry listeners;
    private volatile Generation current;
    private boolean retired;
    private volatile Status status = new Status(0, "none", null, null, 0, 0);

    /**
     * {@code paths}: the configuration ({@code -f}); {@code threads}: event loops;
     * {@code overrides}: applied to each parsed file; {@code defaultDrainMillis}: drain time of a
     * retiring generation when {@code hard-stop-after} is not set.
     */
    public GenerationSwitch(Vertx vertx, List<Path> paths, int threads, UnaryOperator<ConfigFile> overrides,
            long defaultDrainMillis) {
        this.vertx = vertx;
        this.paths = List.copyOf(paths);
        this.threads = threads;
        this.overrides = overrides;
        this.defaultDrainMillis = defaultDrainMillis;
        this.listeners = new ListenerRegistry(vertx, threads);
    }

    /**
     * Builds and starts generation 1. Returns its diagnostics (warnings are the caller's to
     * print); throws {@link IllegalStateException} with the first alert when it is refused.
     */
    public synchronized Diagnostics start() {
        Generation.Built built = Generation.build(1, paths, vertx, threads, overrides);
        if (built.generation() == null) {
            throw new Refused(built.diagnostics(), firstAlert(built.diagnostics()));
        }
        String err = startOrStop(built.generation());
        if (err == null) {
            err = route(built.generation());
        }
        if (err != null) {
            throw new Refused(built.diagnostics(), err);
        }
        current = built.generation();
        status = new Status(1, "none", Instant.now(), null, 0, 0);
        return built.diagnostics();
    }

    /**
     * Builds, validates and swaps in the next generation (blocking; not on an event loop); does
     * nothing once {@link #retire()} ran (shutdown).
     * Returns the new status: {@code success} with the new number, or {@code failure} with the
     * error while the generation in service goes on.
     */
    public synchronized Status reload() {
        if (retired) {
            return status;
        }
        Generation old = current;
        int number = old == null ? 1 : old.number() + 1;
        Generation.Built built = Generation.build(number, paths, vertx, threads, overrides);
        String err = built.generation() == null ? firstAlert(built.diagnostics()) : null;
        if (err == null) {
            if (old != null) {
                ServerStates.carry(old.model(), built.generation().model());
            }
            err = startOrStop(built.generation());
            if (err == null) {
                err = route(built.generation());
            }
        }
        if (err != null) {
            failures.incrementAndGet();
            status = new Status(old == null ? 0 : old.number(), "failure", Instant.now(), err, successes.get(), failures.get());
            LOG.errorf("Luxy refused the change: %s", err);
            return status;
        }
        current = built.generation();
        listeners.closeExcept(current.doors()).onFailure(e -> LOG.warnf("Luxy closing removed binds: %s", e));
        successes.incrementAndGet();
        status = new Status(number, "success", Instant.now(), null, successes.get(), failures.get());
        LOG.infof("Luxy generation %d serving %d frontend(s) from %s", number, current.model().frontends().size(),
                String.join(",", paths.stream().map(Path::toString).toList()));
        if (old != null) {
            old.retire(vertx, drainMillis(old)).onFailure(e -> LOG.warnf("Luxy generation %d retired with %s", old.number(), e));
        }
        return status;
    }

    /**
     * Retires the generation in service (shutdown): stops accepting, drains for at most
     * {@code hard-stop-after} (or the default), then stops it. The future ends when it has.
     */
    public synchronized Future<Void> retire() {
        retired = true;
        Generation g = current;
        current = null;
        Future<Void> closed = listeners.closeAll();
        return g == null ? closed : closed.transform(v -> g.retire(vertx, drainMillis(g)));
    }

    /** The generation new requests use; null before start and after {@link #retire()}. */
    public Generation current() {
        return current;
    }

    /** The state of the last reload. */
    public Status status() {
        return status;
    }

    /** Reloads that swapped a generation in. */
    public long successes() {
        return successes.get();
    }

    /** Reloads refused. */
    public long failures() {
        return failures.get();
    }

    /** The files to watch: the configuration paths and the current generation's scripts. */
    public List<Path> watched() {
        Generation g = current;
        if (g == null) {
            return paths;
        }
        List<Path> out = new java.util.ArrayList<>(paths);
        out.addAll(g.sources());
        return out;
    }

    /**
     * The number of Vert.x event loops (per-thread Lua states and stats sockets). Every bind
     * listens on each of them ({@link ListenerRegistry}): a shared listening socket hands each
     * accepted connection to a server on the connection's event loop and closes it when that
     * loop has none.
     */
    public static int eventLoops(Vertx vertx) {
        int n = 0;
        for (var ignored : vertx.nettyEventLoopGroup()) {
            n++;
        }
        return n;
    }

    private long drainMillis(Generation g) {
        return ReloadKeywords.hardStopAfter(g.config().global(), defaultDrainMillis);
    }

    /**
     * Routes every bind to {@code g} (new connections go to it from now on); on failure stops
     * {@code g} and returns the error, else null.
     */
    private String route(Generation g) {
        try {
            listeners.route(g.doors()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            g.stop(vertx);
            return "generation " + g.number() + " failed to start: " + e;
        }
    }

    /** Starts {@code g}; on failure stops what started and returns the error, else null. */
    private String startOrStop(Generation g) {
        try {
            g.start(vertx, threads, listeners).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            try {
                g.stop(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort: the binds it opened close
            }
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return "generation " + g.number() + " failed to start: " + c.getMessage();
        }
    }

    private static String firstAlert(Diagnostics d) {
        return d.all().stream().filter(x -> x.level() == Diagnostic.Level.ALERT).map(Diagnostic::text)
                .findFirst().orElse("configuration refused");
    }

    /** The first generation was refused; {@link #diagnostics()} holds every message. */
    public static final class Refused extends IllegalStateException {

        private final transient Diagnostics diagnostics;

        Refused(Diagnostics diagnostics, String message) {
            super(message);
            this.diagnostics = diagnostics;
        }

        /** Every message of the refused build. */
        public Diagnostics diagnostics() {
            return diagnostics;
        }
    }
}

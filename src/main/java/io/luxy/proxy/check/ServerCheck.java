package io.luxy.proxy.check;

import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;

/**
 * The check loop of one server: waits {@code inter} while the health counter is full,
 * {@code fastinter} while it moves, {@code downinter} while DOWN (src/check.c
 * {@code srv_getinter}); skips servers in MAINT; applies each result to the server's
 * {@link CheckState} and logs UP/DOWN transitions as HAProxy does, e.g.
 * {@code Server be/s1 is DOWN, reason: Layer4 connection problem, info: "Connection refused",
 * check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0
 * remaining in queue.} followed by {@code backend be has no server available!}.
 */
final class ServerCheck {

    private static final Logger LOG = CheckLog.LOG;

    private final Vertx vertx;
    private final NetClient client;
    private final Backend backend;
    private final Server server;
    private final HealthCheckSpec spec;
    private final long readTimeout;
    private volatile boolean stopped;
    private volatile long timer = -1;
    private volatile long slowstartTimer = -1;
    private static final String NODE = hostName();

    private volatile java.util.function.BooleanSupplier agentAllowsUp = () -> true;

    ServerCheck(Vertx vertx, NetClient client, Backend backend, Server server, HealthCheckSpec spec, long readTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.backend = backend;
        this.server = server;
        this.spec = spec == null ? HealthCheckSpec.TCP_CONNECT : spec;
        this.readTimeout = readTimeout;
    }

    /** Lets the server's agent veto coming UP ({@code agent-check}: UP needs both to agree). */
    void agent(java.util.function.BooleanSupplier allowsUp) {
        this.agentAllowsUp = allowsUp;
    }

    /** True unless this check's health counter says DOWN. */
    boolean allowsUp() {
        return server.checkState().health() >= server.checkState().rise();
    }

    /** Schedules the first check at a random point within the first interval (HAProxy spreads them too). */
    void start() {
        long first = Math.max(1, ThreadLocalRandom.current().nextLong(Math.max(1, interval())));
        timer = vertx.setTimer(first, id -> run());
    }

    void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (slowstartTimer >= 0) {
            vertx.cancelTimer(slowstartTimer);
        }
    }

    /** The system's host name (HAProxy's default {@code node}). */
    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private long interval() {
        CheckState st = server.checkState();
        var cs = server.settings().check();
        if (st.stable()) {
            return cs.inter();
        }
        if (!server.up() && st.health() == 0) {
            return cs.downinter();
        }
        return cs.fastinter();
    }

    private void run() {
        if (stopped) {
            return;
        }
        if (server.admin() == Server.AdminState.MAINT) {
            schedule();
            return;
        }
        long t0 = System.nanoTime();
        Future<CheckResult> probe;
        try {
            probe = new CheckProbe(vertx, client, server, spec, readTimeout, spec.sendState() ? serverState() : null).run();
        } catch (RuntimeException e) {
            probe = Future.succeededFuture(new CheckResult(CheckStatus.SOCKERR, -1, String.valueOf(e.getMessage()), 0));
        }
        probe.onComplete(ar -> {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            CheckResult r = ar.succeeded() ? ar.result().withDuration(ms)
                    : new CheckResult(CheckStatus.SOCKERR, -1, String.valueOf(ar.cause().getMessage()), ms);
            if (!stopped) {
                apply(r);
                schedule();
            }
        });
    }

    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(Math.max(1, interval()), id -> run());
        }
    }

    private void apply(CheckResult r) {
        CheckState st = server.checkState();
        CheckStatus previous = st.last().status();
        int oldHealth = st.health();
        boolean wasUp = server.up();
        int t = st.apply(r, wasUp);
        if (spec.logHealthChecks() && (r.status() != previous || st.health() != oldHealth)) {
            LOG.warn(CheckLog.healthLine("Health", backend, server, r, st));
        }
        boolean conditional = r.status() == CheckStatus.L7OKC;
        if (t < 0) {
            server.nolb(false);
            server.up(false);
            CheckLog.transition(backend, server, " is DOWN", r, !spec.logHealthChecks());
        } else if (t > 0 && agentAllowsUp.getAsBoolean()) {
            server.nolb(conditional);
            server.up(true);
            startSlowstart();
            CheckLog.transition(backend, server, conditional ? " is stopping" : " is UP", r, !spec.logHealthChecks());
        } else if (server.up() && conditional && !server.nolb()) {
            server.nolb(true);
            CheckLog.transition(backend, server, " is stopping", r, !spec.logHealthChecks());
        } else if (server.up() && r.status().passed() && !conditional && server.nolb()) {
            server.nolb(false);
            CheckLog.transition(backend, server, " is UP", r, !spec.logHealthChecks());
        }
    }

    /**
     * {@code slowstart T}: after coming UP the server's weight grows linearly from almost nothing
     * to its full value over T, in steps of at most a second (HAProxy updates its eweight about
     * every second, src/server.c {@code server_recalc_eweight}).
     */
    private void startSlowstart() {
        long ramp = server.settings().check().slowstart();
        if (ramp <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        long step = Math.max(10, Math.min(1000, ramp / 20));
        server.ramp(Math.max(1, (int) (1000 * step / ramp)));
        slowstartTimer = vertx.setPeriodic(step, id -> {
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (stopped || !server.up() || elapsed >= ramp) {
                vertx.cancelTimer(id);
                server.ramp(1000);
                return;
            }
            server.ramp((int) Math.max(1, 1000 * elapsed / ramp));
        });
    }

    /** {@code http-check send-state}: HAProxy's header value, e.g. {@code UP 2/3; address=…; port=…; name=be/s; node=…; weight=1/2; scur=0/0; qcur=0}. */
    String serverState() {
        CheckState st = server.checkState();
        int h = st.health();
        String word;
        int a;
        int b;
        if (server.up()) {
            boolean full = h == st.rise() + st.fall() - 1;
            word = (server.nolb() ? "NOLB" : "UP") + (full ? "" : " %d/%d");
            a = h - st.rise() + 1;
            b = st.fall();
        } else {
            word = h > 0 ? "DOWN %d/%d" : "DOWN";
            a = h;
            b = st.rise();
        }
        int total = 0;
        int conns = 0;
        for (Server s : backend.servers()) {
            total += s.usable() && s.backup() == server.backup() ? s.weight() : 0;
            conns += s.currentConns();
        }
        return word.formatted(a, b) + "; address=" + server.host() + "; port=" + server.port() + "; name=" + backend.name() + "/"
                + server.name() + "; node=" + NODE + "; weight=" + server.weight() + "/" + total + "; scur=" + server.currentConns()
                + "/" + conns + "; qcur=" + server.queued().get();
    }
}

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

    private static final Logger LOG = Logger.getLogger("luxy.check");

    private final Vertx vertx;
    private final NetClient client;
    private final Backend backend;
    private final Server server;
    private final HealthCheckSpec spec;
    private final long readTimeout;
    private volatile boolean stopped;
    private volatile long timer = -1;

    ServerCheck(Vertx vertx, NetClient client, Backend backend, Server server, HealthCheckSpec spec, long readTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.backend = backend;
        this.server = server;
        this.spec = spec == null ? HealthCheckSpec.TCP_CONNECT : spec;
        this.readTimeout = readTimeout;
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
            probe = new CheckProbe(vertx, client, server, spec, readTimeout).run();
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
        boolean wasUp = server.up();
        int t = server.checkState().apply(r, wasUp);
        if (t == 0) {
            return;
        }
        server.up(t > 0);
        int act = 0;
        int bck = 0;
        for (Server s : backend.servers()) {
            if (s.usable()) {
                if (s.backup()) {
                    bck++;
                } else {
                    act++;
                }
            }
        }
        StringBuilder m = new StringBuilder(server.backup() ? "Backup Server " : "Server ").append(backend.name()).append('/')
                .append(server.name()).append(t > 0 ? " is UP" : " is DOWN").append(r.describe()).append(". ")
                .append(act).append(" active and ").append(bck).append(" backup servers ").append(t > 0 ? "online." : "left.")
                .append(bck > 0 && act == 0 ? " Running on backup." : "");
        if (t > 0) {
            m.append(" 0 sessions requeued, ").append(server.queued().get()).append(" total in queue.");
        } else {
            m.append(' ').append(server.currentConns()).append(" sessions active, 0 requeued, ").append(server.queued().get())
                    .append(" remaining in queue.");
        }
        LOG.warn(m);
        if (t < 0 && act + bck == 0) {
            LOG.error("backend " + backend.name() + " has no server available!");
        }
    }
}

package io.luxy.proxy.check;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * The agent check of one server ({@code agent-check agent-port N [agent-inter T] [agent-addr A]
 * [agent-send S]}, HAProxy doc/configuration.txt 5.2 "agent-check"): every {@code agent-inter}
 * it connects to the agent, sends {@code agent-send} if any, reads one line and applies its words
 * (separated by spaces, tabs or commas; a '#' starts a description):
 * <ul>
 * <li>{@code N%}: the weight becomes N% of the configured weight;</li>
 * <li>{@code ready}, {@code drain}, {@code maint}: the administrative state;</li>
 * <li>{@code up}, {@code down} (also {@code failed}, {@code stopped}): the agent's own health
 * (rise 1, fall 1 as HAProxy's agents); a word starting with '#' starts a description shown in
 * the log ({@code via agent : down (DESC)}).</li>
 * </ul>
 * A server is UP only while both its regular check and its agent agree. An agent that cannot be
 * reached changes nothing (HAProxy: "failure to connect to the agent as a secondary check should
 * not cause the server to be marked down"). {@code maxconn:N} is not applied.
 */
final class AgentCheck {

    private final Vertx vertx;
    private final NetClient client;
    private final Backend backend;
    private final Server server;
    private final long readTimeout;
    private final BooleanSupplier mainCheckUp;
    private final CheckState state;
    private volatile boolean stopped;
    private volatile long timer = -1;

    /**
     * An agent loop; {@code mainCheckUp} tells whether the regular check lets the server be UP
     * (always true without {@code check}).
     */
    AgentCheck(Vertx vertx, NetClient client, Backend backend, Server server, long readTimeout, BooleanSupplier mainCheckUp) {
        this.vertx = vertx;
        this.client = client;
        this.backend = backend;
        this.server = server;
        this.readTimeout = readTimeout;
        this.mainCheckUp = mainCheckUp;
        this.state = new CheckState(1, 1); // HAProxy's DEF_AGENT_RISETIME and DEF_AGENT_FALLTIME
    }

    /** True unless the agent's health counter says DOWN. */
    boolean allowsUp() {
        return state.health() >= state.rise();
    }

    /** The agent's health state (results of its last reply). */
    CheckState state() {
        return state;
    }

    void start() {
        long inter = server.settings().check().agent().inter();
        timer = vertx.setTimer(Math.max(1, ThreadLocalRandom.current().nextLong(Math.max(1, inter))), id -> run());
    }

    void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(Math.max(1, server.settings().check().agent().inter()), id -> run());
        }
    }

    private void run() {
        if (stopped) {
            return;
        }
        CheckSettings.Agent a = server.settings().check().agent();
        long t0 = System.nanoTime();
        client.connect(a.port(), a.addr() != null ? a.addr() : server.host()).onComplete(ar -> {
            if (ar.failed()) {
                String m = String.valueOf(ar.cause().getMessage()).toLowerCase(Locale.ROOT);
                boolean tout = m.contains("timed out") || m.contains("timeout");
                record(new CheckResult(tout ? CheckStatus.L4TOUT : CheckStatus.L4CON, -1, tout ? null : "Connection refused",
                        (System.nanoTime() - t0) / 1_000_000));
                schedule();
                return;
            }
            NetSocket so = ar.result();
            Buffer got = Buffer.buffer();
            boolean[] done = new boolean[1];
            Runnable finish = () -> {
                if (!done[0]) {
                    done[0] = true;
                    so.close();
                    if (!stopped) {
                        String text = got.toString(StandardCharsets.ISO_8859_1);
                        int nl = text.indexOf('\n');
                        apply(nl < 0 ? text : text.substring(0, nl), (System.nanoTime() - t0) / 1_000_000);
                    }
                    schedule();
                }
            };
            long tid = vertx.setTimer(Math.max(1, readTimeout), id -> finish.run());
            so.handler(b -> {
                got.appendBuffer(b);
                if (got.toString(StandardCharsets.ISO_8859_1).indexOf('\n') >= 0) {
                    vertx.cancelTimer(tid);
                    finish.run();
                }
            });
            so.closeHandler(v -> {
                vertx.cancelTimer(tid);
                finish.run();
            });
            so.exceptionHandler(e -> { });
            if (a.send() != null) {
                so.write(Buffer.buffer(a.send().getBytes(StandardCharsets.ISO_8859_1)));
            }
        });
    }

    /** An agent that could not be reached: its status is recorded and logged, the server's state is kept. */
    private void record(CheckResult r) {
        CheckStatus previous = state.last().status();
        state.record(r);
        if (previous != r.status() && backend.check() != null && backend.check().logHealthChecks()) {
            CheckLog.LOG.warn(CheckLog.healthLine("Agent", backend, server, r, state));
        }
    }

    /** Applies one agent reply (without its newline), which took {@code ms} milliseconds. */
    void apply(String reply, long ms) {
        String desc = "";
        String health = null;
        String[] words = reply.trim().split("[ \t,]+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            if (w.isEmpty()) {
                continue;
            }
            if (w.startsWith("#")) {
                desc = reply.substring(reply.indexOf('#') + 1).trim();
                break;
            }
            if (w.endsWith("%") && w.length() > 1 && w.substring(0, w.length() - 1).chars().allMatch(Character::isDigit)) {
                long pct = Long.parseLong(w.substring(0, w.length() - 1));
                server.weight((int) Math.min(256, server.initialWeight() * pct / 100));
            } else {
                switch (w) {
                    case "up", "down", "failed", "stopped" -> health = w;
                    case "ready" -> ready();
                    case "drain" -> drain();
                    case "maint" -> maint();
                    default -> {
                        // maxconn:N and unknown words are ignored
                    }
                }
            }
        }
        if (health != null) {
            boolean up = health.equals("up");
            String info = "via agent : " + health + (desc.isEmpty() ? "" : " (" + desc + ")");
            CheckResult r = new CheckResult(up ? CheckStatus.L7OK : CheckStatus.L7STS, 0, info, ms);
            CheckStatus previous = state.last().status();
            int oldHealth = state.health();
            int t = state.apply(r, server.up());
            boolean logChecks = backend.check() != null && backend.check().logHealthChecks();
            if (logChecks && (previous != r.status() || oldHealth != state.health())) {
                CheckLog.LOG.warn(CheckLog.healthLine("Agent", backend, server, r, state));
            }
            if (t < 0) {
                server.up(false);
                CheckLog.transition(backend, server, " is DOWN", r, !logChecks);
            } else if (t > 0 && mainCheckUp.getAsBoolean()) {
                server.up(true);
                CheckLog.transition(backend, server, " is UP", r, !logChecks);
            }
        }
    }

    private void ready() {
        Server.AdminState was = server.admin();
        if (was == Server.AdminState.READY) {
            return;
        }
        server.admin(Server.AdminState.READY);
        CheckLog.plain(backend, server, was == Server.AdminState.DRAIN ? " is UP (leaving forced drain)."
                : " is UP/READY (leaving forced maintenance).");
    }

    private void drain() {
        if (server.admin() == Server.AdminState.DRAIN) {
            CheckLog.plain(backend, server, " remains in forced drain mode."); // HAProxy 2.6 repeats it at each reply
            return;
        }
        server.admin(Server.AdminState.DRAIN);
        CheckLog.admin(backend, server, " enters drain state", false);
    }

    private void maint() {
        if (server.admin() == Server.AdminState.MAINT) {
            return;
        }
        server.admin(Server.AdminState.MAINT);
        CheckLog.admin(backend, server, " is going DOWN for maintenance", true);
    }
}

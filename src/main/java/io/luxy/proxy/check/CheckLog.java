package io.luxy.proxy.check;

import org.jboss.logging.Logger;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;

/**
 * The log lines of server state changes made by checks and agents, in HAProxy 2.6's words
 * (src/server.c {@code srv_set_running/stopping/stopped}, {@code srv_adm_set_drain/maint}),
 * on logger {@code luxy.check}.
 */
final class CheckLog {

    static final Logger LOG = Logger.getLogger("luxy.check");

    private CheckLog() {
    }

    /**
     * {@code Server be/s1 is DOWN, reason: …, check duration: 0ms. 0 active and 0 backup servers
     * left. 0 sessions active, 0 requeued, 0 remaining in queue.} ({@code what} is " is DOWN",
     * " is UP" or " is stopping"; the reason only when {@code withReason}), then {@code backend be
     * has no server available!} when none is left.
     */
    static void transition(Backend backend, Server server, String what, CheckResult r, boolean withReason) {
        boolean down = what.equals(" is DOWN");
        StringBuilder m = new StringBuilder(server.backup() ? "Backup Server " : "Server ").append(backend.name()).append('/')
                .append(server.name()).append(what).append(withReason && r != null ? r.describe() : "").append(". ");
        counts(m, backend, server, down);
        LOG.warn(m);
        if (!what.equals(" is UP") && backend.usableServers() == 0) {
            LOG.error("backend " + backend.name() + " has no server available!");
        }
    }

    /**
     * {@code option log-health-checks}: HAProxy's line for a check (kind "Health") or agent (kind
     * "Agent") whose status or health counter changed (src/check.c {@code set_server_check_status}),
     * e.g. {@code Health check for server be/s1 failed, reason: Layer4 connection problem, info:
     * "Connection refused", check duration: 0ms, status: 0/2 DOWN.}
     */
    static String healthLine(String kind, Backend backend, Server server, CheckResult r, CheckState st) {
        int h = st.health();
        boolean upSide = h >= st.rise();
        String outcome = r.status() == CheckStatus.L7OKC ? "conditionally succeeded" : r.status().passed() ? "succeeded" : "failed";
        return kind + " check for " + (server.backup() ? "backup " : "") + "server " + backend.name() + "/" + server.name() + " "
                + outcome + r.describe() + ", status: " + (upSide ? h - st.rise() + 1 : h) + "/" + (upSide ? st.fall() : st.rise())
                + " " + (upSide ? (server.weight() > 0 ? "UP" : "DRAIN") : "DOWN") + ".";
    }

    /** An administrative change by an agent: {@code Server be/s1 enters drain state. …}, {@code … is going DOWN for maintenance. …}. */
    static void admin(Backend backend, Server server, String what, boolean down) {
        StringBuilder m = new StringBuilder(server.backup() ? "Backup Server " : "Server ").append(backend.name()).append('/')
                .append(server.name()).append(what).append(". ");
        counts(m, backend, server, down);
        LOG.warn(m);
    }

    /** A one-line message about {@code server}, e.g. {@code Server be/s1 is UP (leaving forced drain).} */
    static void plain(Backend backend, Server server, String what) {
        LOG.warn((server.backup() ? "Backup Server " : "Server ") + backend.name() + "/" + server.name() + what);
    }

    private static void counts(StringBuilder m, Backend backend, Server server, boolean down) {
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
        m.append(act).append(" active and ").append(bck).append(" backup servers ").append(down ? "left." : "online.")
                .append(bck > 0 && act == 0 ? " Running on backup." : "");
        if (down) {
            m.append(' ').append(server.currentConns()).append(" sessions active, 0 requeued, ").append(server.queued().get())
                    .append(" remaining in queue.");
        } else {
            m.append(" 0 sessions requeued, ").append(server.queued().get()).append(" total in queue.");
        }
    }
}

package io.luxy.proxy.balance;

import java.util.List;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * The part shared by every algorithm: which servers take traffic now (the usable active ones;
 * when none, the first usable backup, or every usable backup with {@code option allbackups}),
 * and moving off the server to avoid after a failure when another is usable. Subclasses pick
 * within one group (index 0 for actives, 1 for backups).
 */
abstract class ServerGroup implements Balancer {

    /** Active servers, then backup servers, in declaration order. */
    final Server[][] groups;
    private final boolean allBackups;

    ServerGroup(List<Server> servers, boolean allBackups) {
        this.groups = new Server[][] {
                servers.stream().filter(s -> !s.backup()).toArray(Server[]::new),
                servers.stream().filter(Server::backup).toArray(Server[]::new)};
        this.allBackups = allBackups;
    }

    @Override
    public final Server select(SampleContext ctx, Server avoid) {
        int g;
        if (anyUsable(groups[0])) {
            g = 0;
        } else if (!allBackups) {
            return firstUsable(groups[1], avoid);
        } else if (anyUsable(groups[1])) {
            g = 1;
        } else {
            return null;
        }
        Server s = pick(groups[g], g, ctx);
        if (s != null && s == avoid) {
            // a redispatch: let the algorithm choose again among the other servers (HAProxy skips the
            // previous server), e.g. leastconn then takes the least loaded of the others, not the next one
            Server alt = null;
            if (loadAware()) {
                Server[] others = without(groups[g], avoid);
                alt = anyUsable(others) ? pick(others, g, ctx) : null;
            }
            if (alt == null || alt == avoid) {
                alt = nextUsable(groups[g], s);
            }
            return alt == null ? s : alt; // s again only when it is the only usable one
        }
        return s;
    }

    /**
     * True when {@link #pick} depends only on the servers' load, so a redispatch may pick again
     * among the other servers (leastconn); others move to the next usable server.
     */
    boolean loadAware() {
        return false;
    }

    /** Picks a server of {@code group} (which has at least one usable server) for {@code ctx}, or null. */
    abstract Server pick(Server[] group, int groupIndex, SampleContext ctx);

    private static Server[] without(Server[] group, Server avoid) {
        Server[] out = new Server[group.length - 1];
        int k = 0;
        for (Server x : group) {
            if (x != avoid && k < out.length) {
                out[k++] = x;
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    static boolean anyUsable(Server[] group) {
        for (Server s : group) {
            if (s.usable()) {
                return true;
            }
        }
        return false;
    }

    private static Server firstUsable(Server[] group, Server avoid) {
        Server first = null;
        for (Server s : group) {
            if (s.usable()) {
                if (s != avoid) {
                    return s;
                }
                first = s;
            }
        }
        return first;
    }

    /** The next usable server after {@code s} in declaration order (wrapping, {@code s} itself last), or null. */
    static Server nextUsable(Server[] group, Server s) {
        int at = 0;
        for (int i = 0; i < group.length; i++) {
            if (group[i] == s) {
                at = i;
            }
        }
        for (int k = 1; k <= group.length; k++) {
            Server c = group[(at + k) % group.length];
            if (c.usable()) {
                return c;
            }
        }
        return null;
    }

    /** The id of {@code s} for hashing (its {@code id}, or its 1-based place when it has none). */
    static int puid(Server[] group, int index) {
        int id = group[index].settings().id();
        return id > 0 ? id : index + 1;
    }
}

package io.luxy.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance leastconn}: the usable server with the fewest connections relative to its
 * weight ({@link Server#currentConns()} / weight); servers with equal load are taken in turn, and
 * servers at their {@code maxconn} only when every usable server is (the stream then queues).
 * HAProxy doc/configuration.txt 4.2 "balance leastconn".
 */
final class LeastConn extends ServerGroup {

    private final AtomicInteger rotate = new AtomicInteger();

    LeastConn(List<Server> servers, boolean allBackups) {
        super(servers, allBackups);
    }

    @Override
    boolean loadAware() {
        return true;
    }

    @Override
    Server pick(Server[] group, int groupIndex, SampleContext ctx) {
        int n = group.length;
        int start = (rotate.getAndIncrement() & 0x7fffffff) % n;
        Server best = null;
        long bestConns = 0;
        long bestWeight = 1;
        Server full = null;
        for (int k = 0; k < n; k++) {
            Server s = group[(start + k) % n];
            if (!s.usable()) {
                continue;
            }
            int max = s.maxconn();
            if (max > 0 && s.currentConns() >= max) {
                // HAProxy's fwlc skips a server at its maxconn; it is only queued on when all are full
                if (full == null || s.currentConns() - max < full.currentConns() - full.maxconn()) {
                    full = s;
                }
                continue;
            }
            long c = s.currentConns() + 1L;
            long w = s.weight();
            if (best == null || c * bestWeight < bestConns * w) {
                best = s;
                bestConns = c;
                bestWeight = w;
            }
        }
        return best != null ? best : full;
    }
}

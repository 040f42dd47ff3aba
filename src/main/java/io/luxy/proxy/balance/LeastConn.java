package io.luxy.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance leastconn}: the usable server with the fewest connections relative to its
 * weight ({@link Server#currentConns()} / weight); servers with equal load are taken in turn.
 * HAProxy doc/configuration.txt 4.2 "balance leastconn".
 */
final class LeastConn extends ServerGroup {

    private final AtomicInteger rotate = new AtomicInteger();

    LeastConn(List<Server> servers, boolean allBackups) {
        super(servers, allBackups);
    }

    @Override
    Server pick(Server[] group, int groupIndex, SampleContext ctx) {
        int n = group.length;
        int start = (rotate.getAndIncrement() & 0x7fffffff) % n;
        Server best = null;
        long bestConns = 0;
        long bestWeight = 1;
        for (int k = 0; k < n; k++) {
            Server s = group[(start + k) % n];
            if (!s.usable()) {
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
        return best;
    }
}

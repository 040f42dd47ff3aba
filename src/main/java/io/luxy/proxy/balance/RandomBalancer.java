package io.luxy.proxy.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance random[(draws)]}: a random point on the consistent-hash ring (so weights
 * apply), drawn {@code draws} times (default 2), keeping the server with the fewest connections
 * (HAProxy's "power of two choices"). HAProxy doc/configuration.txt 4.2 "balance random".
 */
final class RandomBalancer extends ServerGroup {

    private final int draws;
    private volatile ConsistentRing[] rings;

    RandomBalancer(List<Server> servers, boolean allBackups, int draws) {
        super(servers, allBackups);
        this.draws = Math.max(1, draws);
        serversChanged();
    }

    @Override
    public synchronized void serversChanged() {
        rings = new ConsistentRing[] {ConsistentRing.of(groups[0]), ConsistentRing.of(groups[1])};
    }

    @Override
    Server pick(Server[] group, int groupIndex, SampleContext ctx) {
        ConsistentRing ring = rings[groupIndex];
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Server best = null;
        for (int i = 0; i < draws; i++) {
            Server s = ring.get(r.nextInt());
            if (s != null && s.usable() && (best == null || s.currentConns() < best.currentConns())) {
                best = s;
            }
        }
        return best != null ? best : ServerGroup.nextUsable(group, null);
    }
}

package io.luxy.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance static-rr}: servers in turn as often as their configured weight, over HAProxy's
 * server map; run-time weight changes have no effect (as documented), UP/DOWN changes rebuild the
 * map. Lock-free: one atomic position over an immutable map. HAProxy doc/configuration.txt 4.2.
 */
final class StaticRr extends ServerGroup {

    private final AtomicInteger next = new AtomicInteger();
    private volatile WeightMap[] maps;

    StaticRr(List<Server> servers, boolean allBackups) {
        super(servers, allBackups);
        serversChanged();
    }

    @Override
    public boolean dynamicWeights() {
        return false;
    }

    @Override
    public synchronized void serversChanged() {
        maps = new WeightMap[] {WeightMap.of(groups[0], true), WeightMap.of(groups[1], true)};
    }

    @Override
    Server pick(Server[] group, int groupIndex, SampleContext ctx) {
        WeightMap m = maps[groupIndex];
        for (int tries = 0; tries < m.size(); tries++) {
            Server s = m.at(next.getAndIncrement() & 0x7fffffff);
            if (s.usable()) {
                return s;
            }
        }
        return null;
    }
}

package io.luxy.proxy.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance roundrobin}: servers in turn, each as often as its weight, skipping servers
 * that are not UP. Lock-free: one atomic counter over a weighted ring built once.
 */
public final class RoundRobin implements Balancer {

    private final Server[] ring;
    private final AtomicLong next = new AtomicLong();

    public RoundRobin(List<Server> servers) {
        List<Server> r = new ArrayList<>();
        int max = servers.stream().mapToInt(Server::weight).max().orElse(0);
        // interleave by weight so that equal weights alternate: s1 s2 s1 s2 …
        for (int round = 0; round < max; round++) {
            for (Server s : servers) {
                if (s.weight() > round) {
                    r.add(s);
                }
            }
        }
        this.ring = r.toArray(Server[]::new);
    }

    @Override
    public Server select(SampleContext ctx, Server avoid) {
        int n = ring.length;
        for (int i = 0; i < n; i++) {
            Server s = ring[(int) Math.floorMod(next.getAndIncrement(), (long) n)];
            if (s.usable()) {
                return s;
            }
        }
        return null;
    }
}

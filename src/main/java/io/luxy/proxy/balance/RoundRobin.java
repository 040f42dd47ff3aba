package io.luxy.proxy.balance;

import java.util.List;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance roundrobin}: each usable server in turn, as often as its current weight, spread
 * smoothly (weights 1:3 give b a b b, not a b b b). Dynamic: weight and state changes apply on the
 * next pick. Lock-free: each event-loop thread keeps its own smooth-weighted counters (nginx's
 * smooth weighted round robin, equivalent in distribution to HAProxy's lb_fwrr tree), so the
 * shares hold per thread and in total. HAProxy doc/configuration.txt 4.2 "balance roundrobin".
 */
public final class RoundRobin extends ServerGroup {

    private final ThreadLocal<int[][]> scores;

    /** A round robin over {@code servers}, without {@code option allbackups}. */
    public RoundRobin(List<Server> servers) {
        this(servers, false);
    }

    RoundRobin(List<Server> servers, boolean allBackups) {
        super(servers, allBackups);
        this.scores = ThreadLocal.withInitial(() -> new int[][] {new int[groups[0].length], new int[groups[1].length]});
    }

    @Override
    Server pick(Server[] group, int groupIndex, SampleContext ctx) {
        int[] cw = scores.get()[groupIndex];
        int total = 0;
        int best = -1;
        for (int i = 0; i < group.length; i++) {
            Server s = group[i];
            if (!s.usable()) {
                continue;
            }
            int w = s.weight();
            cw[i] += w;
            total += w;
            if (best < 0 || cw[i] > cw[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        cw[best] -= total;
        return group[best];
    }
}

package io.luxy.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance source|uri|url_param|hdr(name)}: the same key goes to the same server while the
 * set of usable servers is unchanged. {@code hash-type map-based} (default) takes the hash modulo
 * HAProxy's weighted server map, so any change in the farm remaps keys; {@code hash-type
 * consistent} uses HAProxy's consistent-hash ring, so only the keys of a server that left move.
 * Streams without a key go round robin. The map or ring is rebuilt on {@link #serversChanged()}
 * and published as an immutable value.
 */
final class HashBalancer extends ServerGroup {

    private final HashKey key;
    private final HashFunction fn;
    private final boolean consistent;
    private final int balanceFactor;
    private final AtomicInteger rr = new AtomicInteger();
    private volatile WeightMap[] maps;
    private volatile ConsistentRing[] rings;

    HashBalancer(List<Server> servers, boolean allBackups, HashKey key, HashFunction fn, boolean consistent, int balanceFactor) {
        super(servers, allBackups);
        this.key = key;
        this.fn = fn;
        this.consistent = consistent;
        this.balanceFactor = balanceFactor;
        serversChanged();
    }

    @Override
    public boolean dynamicWeights() {
        return consistent;
    }

    @Override
    public boolean hashesRequest() {
        return true;
    }

    @Override
    public synchronized void serversChanged() {
        maps = new WeightMap[] {WeightMap.of(groups[0], false), WeightMap.of(groups[1], false)};
        if (consistent) {
            rings = new ConsistentRing[] {ConsistentRing.of(groups[0]), ConsistentRing.of(groups[1])};
        }
    }

    @Override
    Server pick(Server[] group, int groupIndex, SampleContext ctx) {
        long h = key.hash(ctx, fn);
        Server s;
        if (h < 0) {
            s = maps[groupIndex].at(rr.getAndIncrement() & 0x7fffffffL);
        } else if (consistent) {
            // the key is looked up as hashed (plain "consistent" defaults to sdbm + avalanche): placement
            // checked equal to real haproxy in BalanceIT.sameCfgInHaproxy_sameSharesAndSameKeyPlacement
            int point = (int) h;
            s = balanceFactor > 0 ? rings[groupIndex].get(point, c -> eligible(c, group)) : rings[groupIndex].get(point);
        } else {
            s = maps[groupIndex].at(h);
        }
        // the table may lag a state change by a moment: never return a server that is not usable
        return s != null && s.usable() ? s : ServerGroup.nextUsable(group, s);
    }

    /**
     * Bounded load ({@code hash-balance-factor}, src/lb_chash.c {@code chash_server_is_eligible}):
     * a server may take one more stream while its streams stay under its weight's share of
     * (streams of the backend + 1) × factor / 100, rounded up, never under one slot. Weights are
     * HAProxy's effective weights (× 16); the remainder goes by cumulative weight in declaration order.
     */
    private boolean eligible(Server s, Server[] group) {
        long served = 0;
        for (Server[] g : groups) {
            for (Server x : g) {
                served += x.currentConns();
            }
        }
        long totWeight = 0;
        long cumulative = 0;
        for (Server x : group) {
            if (x == s) {
                cumulative = totWeight;
            }
            totWeight += x.usable() ? x.weight() * 16L : 0;
        }
        if (totWeight == 0) {
            return true;
        }
        long eweight = s.weight() * 16L;
        long totSlots = ((served + 1) * balanceFactor + 99) / 100;
        long slots = eweight * (totSlots / totWeight);
        long remainder = totSlots % totWeight;
        slots += ((cumulative + eweight) * remainder) / totWeight - (cumulative * remainder) / totWeight;
        return s.currentConns() < Math.max(1, slots);
    }
}

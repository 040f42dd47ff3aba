package io.luxy.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;
import io.luxy.sample.conv.KeyHashes;

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
    private final AtomicInteger rr = new AtomicInteger();
    private volatile WeightMap[] maps;
    private volatile ConsistentRing[] rings;

    HashBalancer(List<Server> servers, boolean allBackups, HashKey key, HashFunction fn, boolean consistent) {
        super(servers, allBackups);
        this.key = key;
        this.fn = fn;
        this.consistent = consistent;
        serversChanged();
    }

    @Override
    public boolean dynamicWeights() {
        return consistent;
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
            // HAProxy 2.6 spreads the key over the ring with full_hash(): placement checked equal to
            // real haproxy in BalanceIT.sameCfgInHaproxy_sameSharesAndSameKeyPlacement
            s = rings[groupIndex].get(KeyHashes.fullHash((int) h));
        } else {
            s = maps[groupIndex].at(h);
        }
        // the table may lag a state change by a moment: never return a server that is not usable
        return s != null && s.usable() ? s : ServerGroup.nextUsable(group, s);
    }
}

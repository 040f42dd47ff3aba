package io.luxy.proxy.balance;

import java.util.Arrays;

import io.luxy.proxy.Server;
import io.luxy.sample.conv.KeyHashes;

/**
 * HAProxy's consistent-hash tree ({@code hash-type consistent}, src/lb_chash.c): each usable
 * server owns {@code weight × 16} points at {@code full_hash(id × 4096 + n)} on a 32-bit ring,
 * and a key goes to the owner of the nearest point (the previous one on a tie). Points depend only
 * on the server's id and weight, so a server leaving moves only its own keys. Immutable.
 */
final class ConsistentRing {

    private static final int WEIGHT_SCALE = 16;
    private static final int EWGHT_RANGE = 256 * WEIGHT_SCALE;

    private final long[] keys;
    private final Server[] owners;

    private ConsistentRing(long[] keys, Server[] owners) {
        this.keys = keys;
        this.owners = owners;
    }

    /** The ring of the usable servers of {@code group} at their current weights. */
    static ConsistentRing of(Server[] group) {
        int total = 0;
        for (Server s : group) {
            total += s.usable() ? s.weight() * WEIGHT_SCALE : 0;
        }
        long[] packed = new long[total];
        int k = 0;
        for (int i = 0; i < group.length; i++) {
            if (!group[i].usable()) {
                continue;
            }
            int nodes = group[i].weight() * WEIGHT_SCALE;
            int id = ServerGroup.puid(group, i);
            for (int n = 0; n < nodes; n++) {
                long key = KeyHashes.fullHash(id * EWGHT_RANGE + n) & 0xffffffffL;
                packed[k++] = (key << 16) | i; // key in the high bits, server index (< 65536) low
            }
        }
        Arrays.sort(packed);
        long[] keys = new long[total];
        Server[] owners = new Server[total];
        for (int j = 0; j < total; j++) {
            keys[j] = packed[j] >>> 16;
            owners[j] = group[(int) (packed[j] & 0xffff)];
        }
        return new ConsistentRing(keys, owners);
    }

    /** The server for {@code hash} (taken as unsigned 32 bits), or null when the ring is empty. */
    Server get(int hash) {
        int at = index(hash);
        return at < 0 ? null : owners[at];
    }

    /**
     * The server for {@code hash} that {@code eligible} accepts: the nearest point's owner, else
     * the owners of the following points clockwise (src/lb_chash.c {@code chash_get_server_hash}
     * with {@code hash-balance-factor}); the nearest owner when none is eligible; null when empty.
     */
    Server get(int hash, java.util.function.Predicate<Server> eligible) {
        int at = index(hash);
        if (at < 0) {
            return null;
        }
        for (int k = 0; k < owners.length; k++) {
            Server s = owners[(at + k) % owners.length];
            if (eligible.test(s)) {
                return s;
            }
        }
        return owners[at];
    }

    private int index(int hash) {
        int n = keys.length;
        if (n == 0) {
            return -1;
        }
        long h = hash & 0xffffffffL;
        int next = Arrays.binarySearch(keys, h);
        if (next < 0) {
            next = -next - 1;
        }
        if (next == n) {
            next = 0;
        }
        int prev = next == 0 ? n - 1 : next - 1;
        long dp = (h - keys[prev]) & 0xffffffffL;
        long dn = (keys[next] - h) & 0xffffffffL;
        return dp <= dn ? prev : next;
    }
}

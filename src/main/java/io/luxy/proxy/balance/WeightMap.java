package io.luxy.proxy.balance;

import io.luxy.proxy.Server;

/**
 * HAProxy's server map ({@code recalc_server_map}, src/lb_map.c): a table where each usable
 * server appears as many times as its weight (weights divided by their greatest common divisor),
 * interleaved smoothly and favouring the first declared server on ties. Used by
 * {@code static-rr} (walked in turn) and {@code hash-type map-based} (indexed by hash modulo size).
 * Immutable.
 */
final class WeightMap {

    private final Server[] slots;

    private WeightMap(Server[] slots) {
        this.slots = slots;
    }

    /** The map of the usable servers of {@code group}, with their current or initial weights. */
    static WeightMap of(Server[] group, boolean initialWeights) {
        int n = group.length;
        int[] w = new int[n];
        int gcd = 0;
        for (int i = 0; i < n; i++) {
            w[i] = group[i].usable() ? (initialWeights ? group[i].initialWeight() : group[i].weight()) : 0;
            gcd = gcd(gcd, w[i]);
        }
        int tot = 0;
        for (int i = 0; i < n; i++) {
            w[i] = gcd == 0 ? 0 : w[i] / gcd;
            tot += w[i];
        }
        Server[] slots = new Server[tot];
        long[] score = new long[n];
        for (int o = 0; o < tot; o++) {
            long max = 0;
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (w[i] == 0) {
                    continue;
                }
                score[i] += w[i];
                long v = (score[i] + tot) / tot;
                if (best < 0 || v > max) {
                    max = v;
                    best = i;
                }
            }
            slots[o] = group[best];
            score[best] -= tot;
        }
        return new WeightMap(slots);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Number of slots (0 when no server is usable). */
    int size() {
        return slots.length;
    }

    /** The server at slot {@code hash} modulo size, the hash taken as unsigned; null when empty. */
    Server at(long hash) {
        return slots.length == 0 ? null : slots[(int) Long.remainderUnsigned(hash & 0xffffffffL, slots.length)];
    }
}

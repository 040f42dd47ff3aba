package io.luxy.lua.api;

import java.util.Arrays;

import io.luxy.sample.IpAddr;

/**
 * {@code core.parse_addr("a.b.c.d[/n]")} and {@code core.match_addr(a1, a2)} (HAProxy
 * src/hlua_fcn.c): a network is an address (host bits kept) and a mask; two networks match when
 * {@code (ip1 & mask2) == (ip2 & mask1)} and both are of the same family. This rule is not
 * "contains": {@code 127.0.0.1/8} and {@code 127.1.2.3} do not match (checked on HAProxy 2.6.12).
 */
final class Addresses {

    /** A parsed network (the userdata {@code core.parse_addr} returns). */
    record Network(byte[] addr, byte[] mask) {
    }

    private Addresses() {
    }

    /** Parses "ip", "ip/bits" or "ipv4/dotted-mask"; null when invalid. */
    static Network parse(String text) {
        IpAddr.Network n = IpAddr.parseNetwork(text);
        return n == null ? null : new Network(n.addr(), n.mask());
    }

    /** HAProxy's match rule (see class comment). */
    static boolean match(Network n1, Network n2) {
        if (n1.addr.length != n2.addr.length) {
            return false;
        }
        return Arrays.equals(IpAddr.and(n1.addr, n2.mask), IpAddr.and(n2.addr, n1.mask));
    }
}

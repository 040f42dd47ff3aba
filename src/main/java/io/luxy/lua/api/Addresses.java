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
        int slash = text.indexOf('/');
        String a = slash < 0 ? text : text.substring(0, slash);
        byte[] addr = IpAddr.parseV4(a);
        if (addr == null) {
            addr = IpAddr.parseV6(a);
        }
        if (addr == null) {
            return null;
        }
        int bits = addr.length * 8;
        if (slash >= 0) {
            String m = text.substring(slash + 1);
            if (m.matches("\\d{1,3}") && Integer.parseInt(m) <= addr.length * 8) {
                bits = Integer.parseInt(m);
            } else if (addr.length == 4 && IpAddr.parseMask4(m) >= 0) {
                bits = Long.bitCount(IpAddr.parseMask4(m));
            } else {
                return null;
            }
        }
        return new Network(addr, IpAddr.prefixMask(bits, addr.length));
    }

    /** HAProxy's match rule (see class comment). */
    static boolean match(Network n1, Network n2) {
        if (n1.addr.length != n2.addr.length) {
            return false;
        }
        return Arrays.equals(IpAddr.and(n1.addr, n2.mask), IpAddr.and(n2.addr, n1.mask));
    }
}

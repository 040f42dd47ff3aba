package io.luxy.proxy.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.luxy.proxy.Server;
import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;

/**
 * The Vert.x addresses of a backend's servers, built once instead of once per request, and
 * rebuilt when a server's address changes ({@code set server be/s addr}, HAProxy doc/management.txt
 * 9.3). An IP literal becomes a resolved address (no resolver call per connection); a DNS name
 * stays unresolved and is resolved by Vert.x when connecting. Lock-free: a slot holds an
 * immutable value, a racing reader at worst rebuilds it.
 */
public final class ServerAddresses {

    private record Prepared(String host, int port, SocketAddress address) {
    }

    private static final class Slot {
        Prepared prepared;
    }

    private final Map<Server, Slot> slots = new IdentityHashMap<>();

    /** Addresses for {@code servers} (the backend's, fixed for the generation). */
    public ServerAddresses(List<Server> servers) {
        for (Server s : servers) {
            slots.put(s, new Slot());
        }
    }

    /** The address to connect to for {@code srv} now (its current host and port). */
    public SocketAddress of(Server srv) {
        String host = srv.host();
        int port = srv.port();
        Slot slot = slots.get(srv);
        if (slot == null) {
            return address(host, port); // a server this backend did not start with
        }
        Prepared p = slot.prepared;
        if (p == null || p.port() != port || !p.host().equals(host)) {
            p = new Prepared(host, port, address(host, port));
            slot.prepared = p;
        }
        return p.address();
    }

    /** A Vert.x address for {@code host:port}: resolved when the host is an IP literal. */
    static SocketAddress address(String host, int port) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip != null) {
            try {
                return SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.getByAddress(host, ip), port));
            } catch (UnknownHostException e) {
                // not reached: the bytes came from a valid literal
            }
        }
        return SocketAddress.inetSocketAddress(port, host);
    }
}

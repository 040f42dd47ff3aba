package io.luxy.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.http.HttpForwarder;
import io.luxy.proxy.tcp.FrontendConns;
import io.luxy.proxy.tcp.TcpForwarder;

/**
 * The front doors of one generation: one {@link FrontDoor} per frontend {@code bind}, with HTTP
 * handling for http frontends and TCP for tcp ones. The sockets themselves belong to a
 * {@link ListenerRegistry}, which outlives generations.
 */
public final class Listeners {

    private Listeners() {
    }

    /**
     * The doors of {@code model}'s frontends, with handlers for {@code loops} event loops;
     * {@code limits} are the HTTP/1 parser's ({@code tune.bufsize}, {@code tune.maxrewrite},
     * {@code tune.http.maxhdr}); HTTP requests are counted in {@code connections} (drain on reload).
     */
    public static List<FrontDoor> doors(ProxyModel model, LuaRuntime lua, Map<String, HttpForwarder> forwarders,
            Map<String, TcpForwarder> tcpForwarders, io.luxy.proxy.http.H1Limits limits, HttpConnections connections, int loops) {
        Map<String, FrontendConns> conns = new HashMap<>();
        List<FrontDoor> doors = new ArrayList<>();
        for (Frontend fe : model.frontends()) {
            FrontendConns c = conns.computeIfAbsent(fe.name(), n -> new FrontendConns(fe.options().maxconn()));
            for (Bind b : fe.binds()) {
                doors.add(new FrontDoor(fe, b, lua, forwarders, tcpForwarders, limits, c, connections, loops));
            }
        }
        return List.copyOf(doors);
    }
}

package io.luxy.lua.api;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.proxy.Server;
import io.luxy.sample.IpAddr;

/**
 * HAProxy doc/lua-api "Server class" ({@code px.servers[name]}): a live view of one backend
 * server of the generation. Changes (weight, admin state, address, forced health) act on the
 * model's {@link Server}, so balancing sees them on the next pick, exactly as the runtime API's
 * {@code set server} commands do. Attributes {@code name} and {@code puid} (HAProxy 2.6); the
 * 2.8 getters are offered too. Health-check and agent enable/disable, {@code check_force_nolb},
 * {@code shut_sess} and {@code set_maxconn} are accepted but have no effect in Luxy (documented
 * in the compatibility table).
 */
public final class LuaServer {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Server";

    /** The updater named in HAProxy's address change messages. */
    private static final String UPDATER = " by 'Lua script'";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("get_name", a -> LuaStrings.of(self(a, "get_name").server.name()));
        b.method("get_puid", a -> LuaValue.valueOf(self(a, "get_puid").server.settings().id()));
        b.method("is_draining", a -> LuaValue.valueOf(self(a, "is_draining").draining() ? 1 : 0));
        b.method("set_maxconn", a -> {
            self(a, "set_maxconn");
            return LuaValue.valueOf("Luxy cannot change maxconn at run time");
        });
        b.method("get_maxconn", a -> LuaValue.valueOf(self(a, "get_maxconn").server.settings().maxconn()));
        b.method("set_weight", a -> {
            LuaServer s = self(a, "set_weight");
            String err = s.setWeight(LuaObject.checkString(a, 2, "set_weight"));
            return err == null ? LuaValue.NIL : LuaValue.valueOf(err);
        });
        b.method("get_weight", a -> LuaValue.valueOf(self(a, "get_weight").server.weight()));
        b.method("set_addr", a -> {
            LuaServer s = self(a, "set_addr");
            String addr = LuaObject.checkString(a, 2, "set_addr");
            int port = a.arg(3).isnil() ? 0 : (int) LuaObject.checkInteger(a, 3, "set_addr");
            return LuaValue.valueOf(s.setAddr(addr, port));
        });
        b.method("get_addr", a -> LuaValue.valueOf(self(a, "get_addr").address()));
        b.method("get_stats", a -> {
            LuaServer s = self(a, "get_stats");
            return ProxyStats.server(s.proxy, s.server);
        });
        b.method("shut_sess", a -> none(a, "shut_sess"));
        b.method("set_drain", a -> admin(a, "set_drain", Server.AdminState.DRAIN));
        b.method("set_maint", a -> admin(a, "set_maint", Server.AdminState.MAINT));
        b.method("set_ready", a -> admin(a, "set_ready", Server.AdminState.READY));
        b.method("check_enable", a -> none(a, "check_enable"));
        b.method("check_disable", a -> none(a, "check_disable"));
        b.method("check_force_up", a -> {
            self(a, "check_force_up").server.up(true);
            return LuaValue.NONE;
        });
        b.method("check_force_nolb", a -> none(a, "check_force_nolb"));
        b.method("check_force_down", a -> {
            self(a, "check_force_down").server.up(false);
            return LuaValue.NONE;
        });
        b.method("agent_enable", a -> none(a, "agent_enable"));
        b.method("agent_disable", a -> none(a, "agent_disable"));
        b.method("agent_force_up", a -> none(a, "agent_force_up"));
        b.method("agent_force_down", a -> none(a, "agent_force_down"));
        b.method("is_backup", a -> LuaValue.valueOf(self(a, "is_backup").server.backup()));
        b.method("is_dynamic", a -> {
            self(a, "is_dynamic");
            return LuaValue.FALSE;
        });
        b.method("get_cur_sess", a -> LuaValue.valueOf(self(a, "get_cur_sess").server.currentConns()));
        b.method("get_pend_conn", a -> LuaValue.valueOf(self(a, "get_pend_conn").server.queued().get()));
        b.method("get_proxy", a -> self(a, "get_proxy").proxyObject);
        META = b.build();
    }

    private final Proxy proxy;
    private final Server server;
    private final LuaTable proxyObject;

    private LuaServer(Proxy proxy, Server server, LuaTable proxyObject) {
        this.proxy = proxy;
        this.server = server;
        this.proxyObject = proxyObject;
    }

    /** The Lua object for {@code server} of {@code proxy}, with HAProxy 2.6's {@code name} and {@code puid} fields. */
    static LuaTable create(Proxy proxy, Server server, LuaTable proxyObject) {
        LuaTable t = LuaObject.wrap(new LuaServer(proxy, server, proxyObject), META);
        t.rawset("name", LuaStrings.of(server.name()));
        t.rawset("puid", LuaValue.valueOf(server.settings().id()));
        return t;
    }

    private static LuaServer self(Varargs a, String fn) {
        return LuaObject.check(a, 1, LuaServer.class, fn);
    }

    private static Varargs none(Varargs a, String fn) {
        self(a, fn);
        return LuaValue.NONE;
    }

    private static Varargs admin(Varargs a, String fn, Server.AdminState state) {
        self(a, fn).server.admin(state);
        return LuaValue.NONE;
    }

    /** HAProxy's {@code srv_is_draining}: admin DRAIN or a weight of 0 (an integer 0/1 in Lua until 2.7). */
    boolean draining() {
        return server.admin() == Server.AdminState.DRAIN || server.weight() == 0;
    }

    /** "ip:port" as HAProxy's {@code get_addr} prints it (IPv6 without brackets). */
    String address() {
        return server.host() + ":" + server.port();
    }

    /**
     * HAProxy's {@code server_parse_weight_change_request} (src/server.c): "N" sets the weight
     * (0..256), "N%" a share of the configured weight; static algorithms only take 0% and 100%.
     * Returns null on success or HAProxy's error message.
     */
    String setWeight(String text) {
        if (text.isEmpty()) {
            return "Require <weight> or <weight%>.";
        }
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < n && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digits) {
            return "Empty weight string empty or preceded by garbage";
        }
        long w;
        try {
            w = Long.parseLong(text.substring(start, i));
        } catch (NumberFormatException e) {
            w = text.charAt(start) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        String rest = text.substring(i);
        if (rest.equals("%")) {
            if (w < 0) {
                return "Relative weight must be positive.";
            }
            w = server.initialWeight() * Math.min(w, 25600) / 100;
            w = Math.min(w, 256);
        } else if (w < 0 || w > 256) {
            return "Absolute weight can only be between 0 and 256 inclusive.";
        } else if (!rest.isEmpty()) {
            return "Trailing garbage in weight string";
        }
        if (w != 0 && w != server.initialWeight() && !proxy.backend().balancer().dynamicWeights()) {
            return "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.";
        }
        server.weight((int) w);
        return null;
    }

    /**
     * HAProxy's {@code srv_update_addr_port} for {@code set_addr(addr [, port])}: an IP literal is
     * required; returns the message HAProxy returns ("IP changed from 'a' to 'b', port changed
     * from 'x' to 'y' by 'Lua script'", or "Invalid addr 'x' by 'Lua script'").
     */
    String setAddr(String addr, int port) {
        byte[] ip = IpAddr.parseV4(addr);
        if (ip == null) {
            ip = IpAddr.parseV6(addr);
        }
        if (ip == null) {
            return "Invalid addr '" + addr + "'" + UPDATER;
        }
        StringBuilder msg = new StringBuilder();
        String oldHost = server.host();
        int oldPort = server.port();
        if (!addr.equals(oldHost)) {
            msg.append("IP changed from '").append(oldHost).append("' to '").append(addr).append('\'');
        } else {
            msg.append("no need to change the addr");
        }
        if (port > 0 && port != oldPort) {
            msg.append(", port changed from '").append(oldPort).append("' to '").append(port).append('\'');
        } else if (port > 0) {
            msg.append(", no need to change the port");
        }
        server.address(addr, port);
        return msg.append(UPDATER).toString();
    }
}

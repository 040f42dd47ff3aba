package io.luxy.lua.api;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Bind;
import io.luxy.proxy.Mode;
import io.luxy.proxy.Server;
import io.luxy.proxy.check.CheckResult;
import io.luxy.proxy.check.CheckState;
import io.luxy.proxy.check.CheckStatus;

/**
 * The tables returned by {@code Proxy:get_stats()}, {@code Server:get_stats()} and
 * {@code Listener:get_stats()}: HAProxy's stats fields by their CSV names (doc/management.txt
 * 9.1, the same names as {@code show stat}). Fields Luxy knows are filled (names, ids,
 * {@code status}, {@code scur}, {@code qcur}, weights, {@code act}/{@code bck}, check results,
 * {@code addr}, {@code mode}); traffic counters Luxy does not keep yet are present as 0, so
 * scripts doing arithmetic on them keep working.
 */
final class ProxyStats {

    /** Counters every object type carries in HAProxy 2.6 (values Luxy does not track: 0). */
    private static final String[] COUNTERS = {"qmax", "smax", "stot", "bin", "bout", "dreq", "dresp", "econ", "eresp",
        "wretr", "wredis", "rate", "rate_max", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other",
        "req_tot", "cli_abrt", "srv_abrt", "comp_in", "comp_out", "comp_byp", "comp_rsp", "lastsess", "qtime", "ctime",
        "rtime", "ttime", "qtime_max", "ctime_max", "rtime_max", "ttime_max", "eint", "wrew", "connect", "reuse",
        "cache_lookups", "cache_hits", "agg_server_status", "agg_server_check_status", "agg_check_status", "lbtot"};

    private ProxyStats() {
    }

    private static LuaTable base(String pxname, String svname, int iid, int sid, int type, Mode mode) {
        LuaTable t = new LuaTable();
        for (String c : COUNTERS) {
            t.rawset(c, LuaValue.ZERO);
        }
        t.rawset("lastsess", LuaValue.valueOf(-1));
        t.rawset("pxname", LuaStrings.of(pxname));
        t.rawset("svname", LuaStrings.of(svname));
        t.rawset("pid", LuaValue.ONE);
        t.rawset("iid", LuaValue.valueOf(iid));
        t.rawset("sid", LuaValue.valueOf(sid));
        t.rawset("type", LuaValue.valueOf(type));
        t.rawset("mode", LuaValue.valueOf(mode == Mode.HTTP ? "http" : "tcp"));
        return t;
    }

    /** Frontend (type 0) or backend (type 1) stats; a listen section reports its backend side. */
    static LuaTable proxy(Proxy p) {
        Backend be = p.backend();
        if (be == null) {
            LuaTable t = base(p.name(), "FRONTEND", p.uuid(), 0, 0, p.mode());
            t.rawset("status", LuaValue.valueOf("OPEN"));
            t.rawset("scur", LuaValue.ZERO);
            t.rawset("slim", LuaValue.ZERO);
            for (String c : new String[] {"ereq", "dcon", "dses", "conn_rate", "conn_rate_max", "conn_tot", "intercepted",
                "rate_lim", "req_rate", "req_rate_max"}) {
                t.rawset(c, LuaValue.ZERO);
            }
            return t;
        }
        LuaTable t = base(p.name(), "BACKEND", be.id(), 0, 1, be.mode());
        int act = 0;
        int bck = 0;
        int weight = 0;
        for (Server s : be.servers()) {
            if (s.usable()) {
                if (s.backup()) {
                    bck++;
                } else {
                    act++;
                    weight += s.weight();
                }
            }
        }
        // src/stats.c stats_fill_be_stats: a backend without servers is UP and has no downtime
        boolean noServers = be.servers().isEmpty();
        t.rawset("status", LuaValue.valueOf(act + bck > 0 || noServers ? "UP" : "DOWN"));
        t.rawset("act", LuaValue.valueOf(act));
        t.rawset("bck", LuaValue.valueOf(bck));
        t.rawset("weight", LuaValue.valueOf(weight));
        t.rawset("uweight", LuaValue.valueOf(weight));
        t.rawset("scur", LuaValue.valueOf(be.currentConns()));
        int queued = 0;
        for (Server s : be.servers()) {
            queued += s.queued().get();
        }
        t.rawset("qcur", LuaValue.valueOf(queued));
        t.rawset("slim", LuaValue.ZERO);
        t.rawset("chkdown", LuaValue.ZERO);
        if (!noServers) {
            t.rawset("downtime", LuaValue.ZERO);
        }
        t.rawset("lastchg", LuaValue.ZERO);
        return t;
    }

    /** Server stats (type 2). */
    static LuaTable server(Proxy p, Server s) {
        Backend be = p.backend();
        LuaTable t = base(p.name(), s.name(), be.id(), s.settings().id(), 2, be.mode());
        t.rawset("status", LuaValue.valueOf(status(s)));
        t.rawset("scur", LuaValue.valueOf(s.currentConns()));
        t.rawset("qcur", LuaValue.valueOf(s.queued().get()));
        if (s.settings().maxconn() > 0) {
            t.rawset("slim", LuaValue.valueOf(s.settings().maxconn()));
        }
        t.rawset("weight", LuaValue.valueOf(s.weight()));
        t.rawset("uweight", LuaValue.valueOf(s.weight()));
        t.rawset("act", LuaValue.valueOf(s.backup() ? 0 : 1));
        t.rawset("bck", LuaValue.valueOf(s.backup() ? 1 : 0));
        t.rawset("addr", LuaValue.valueOf(s.host() + ":" + s.port()));
        for (String c : new String[] {"idle_conn_cur", "safe_conn_cur", "used_conn_cur", "need_conn_est", "srv_icur"}) {
            t.rawset(c, LuaValue.ZERO);
        }
        CheckState cs = s.checkState();
        t.rawset("lastchg", LuaValue.valueOf((System.currentTimeMillis() - cs.lastChangeMillis()) / 1000));
        if (s.checked()) {
            CheckResult r = cs.last();
            t.rawset("chkfail", LuaValue.valueOf(cs.failedChecks()));
            t.rawset("chkdown", LuaValue.valueOf(cs.downTransitions()));
            t.rawset("downtime", LuaValue.ZERO);
            t.rawset("check_status", LuaValue.valueOf(r.status().shortName()));
            if (r.code() >= 0) {
                t.rawset("check_code", LuaValue.valueOf(r.code()));
            }
            if (r.durationMs() >= 0 && r.status() != CheckStatus.INI) {
                t.rawset("check_duration", LuaValue.valueOf(r.durationMs()));
            }
            t.rawset("check_desc", LuaValue.valueOf(r.status().description()));
            t.rawset("check_rise", LuaValue.valueOf(cs.rise()));
            t.rawset("check_fall", LuaValue.valueOf(cs.fall()));
            t.rawset("check_health", LuaValue.valueOf(cs.health()));
        }
        return t;
    }

    /** Listener stats (type 3). */
    static LuaTable listener(Proxy p, Bind bind, int number) {
        LuaTable t = base(p.name(), "sock-" + number, p.uuid(), number, 3, p.mode());
        t.rawset("status", LuaValue.valueOf("OPEN"));
        t.rawset("scur", LuaValue.ZERO);
        t.rawset("slim", LuaValue.ZERO);
        t.rawset("addr", LuaValue.valueOf(bind.address().toString()));
        return t;
    }

    /**
     * HAProxy's server status text (src/stats.c {@code stats_fill_sv_stats}): MAINT, DRAIN,
     * "no check" for an unchecked server, else UP/DOWN with "UP 1/3" (going down) or
     * "DOWN 1/2" (going up) while the health counter moves.
     */
    static String status(Server s) {
        if (s.admin() == Server.AdminState.MAINT) {
            return "MAINT";
        }
        if (s.admin() == Server.AdminState.DRAIN) {
            return "DRAIN";
        }
        if (!s.checked()) {
            return s.up() ? "no check" : "DOWN";
        }
        CheckState cs = s.checkState();
        int h = cs.health();
        if (s.up()) {
            return h < cs.rise() + cs.fall() - 1 && h >= cs.rise() ? "UP " + (h - cs.rise() + 1) + "/" + cs.fall() : "UP";
        }
        return h > 0 ? "DOWN " + h + "/" + cs.rise() : "DOWN";
    }
}

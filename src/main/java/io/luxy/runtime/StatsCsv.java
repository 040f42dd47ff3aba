package io.luxy.runtime;

import java.util.ArrayList;
import java.util.List;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.ProxyCounters;
import io.luxy.proxy.Server;
import io.luxy.proxy.check.CheckResult;
import io.luxy.proxy.check.CheckState;

/**
 * The rows of {@code show stat} and of the stats page's {@code ;csv} export (HAProxy
 * doc/management.txt 9.1): for each proxy by id, its FRONTEND row, one row per server, then its
 * BACKEND row; cells HAProxy leaves empty for a row type stay empty. Filters are those of
 * {@code show stat [iid type sid]}: proxy id (-1 any), type mask (1 frontends, 2 backends,
 * 4 servers; -1 all) and server id (-1 any).
 */
public final class StatsCsv {

    /** A {@code show stat} filter. */
    public record Filter(int iid, int typeMask, int sid) {
        /** Everything. */
        public static final Filter ALL = new Filter(-1, -1, -1);
    }

    /** One row: {@code cells[i]} is the value of {@code StatFields.NAMES.get(i)} ("" when empty). */
    public record Row(int type, String[] cells) {
        /** The value of column {@code name}. */
        public String get(String name) {
            return cells[StatFields.index(name)];
        }
    }

    private final Proxies proxies;
    private final int globalMaxconn;

    /** Rows over {@code proxies}; {@code globalMaxconn} is the frontends' default {@code slim}. */
    public StatsCsv(Proxies proxies, int globalMaxconn) {
        this.proxies = proxies;
        this.globalMaxconn = globalMaxconn;
    }

    /** The CSV text: header then rows, every line ending with a comma. */
    public String csv(Filter f) {
        StringBuilder b = new StringBuilder(StatFields.header());
        for (Row r : rows(f)) {
            b.append(String.join(",", r.cells())).append(",\n");
        }
        return b.toString();
    }

    /** The rows selected by {@code f}, in HAProxy's order. */
    public List<Row> rows(Filter f) {
        List<Row> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Proxies.Px p : proxies.all()) {
            if (f.iid() != -1 && f.iid() != p.id()) {
                continue;
            }
            if (p.frontend() != null && (f.typeMask() & 1) != 0) {
                out.add(frontend(p.frontend(), p.id()));
            }
            Backend be = p.backend();
            if (be == null) {
                continue;
            }
            if ((f.typeMask() & 4) != 0) {
                for (Server s : be.servers()) {
                    int sid = Proxies.sid(be, s);
                    if (f.sid() == -1 || f.sid() == sid) {
                        out.add(server(be, s, p.id(), sid, now));
                    }
                }
            }
            if ((f.typeMask() & 2) != 0) {
                out.add(backend(be, p.id(), now));
            }
        }
        return out;
    }

    private static String[] cells() {
        String[] c = new String[StatFields.NAMES.size()];
        java.util.Arrays.fill(c, "");
        c[StatFields.index("-")] = "-";
        return c;
    }

    private static void set(String[] c, String name, Object v) {
        c[StatFields.index(name)] = String.valueOf(v);
    }

    private static void zero(String[] c, String... names) {
        for (String n : names) {
            c[StatFields.index(n)] = "0";
        }
    }

    private static void zeroRange(String[] c, String from, String to) {
        for (int i = StatFields.index(from); i <= StatFields.index(to); i++) {
            c[i] = "0";
        }
    }

    private static void common(String[] c, String px, String sv, ProxyCounters k) {
        set(c, "pxname", px);
        set(c, "svname", sv);
        set(c, "stot", k.stot.sum());
        set(c, "bin", k.bin.sum());
        set(c, "bout", k.bout.sum());
        set(c, "dresp", k.dresp.sum());
        set(c, "pid", 1);
        set(c, "rate", k.sessionRate.read());
        set(c, "rate_max", k.sessionRate.max());
        for (int i = 1; i <= 5; i++) {
            set(c, "hrsp_" + i + "xx", k.hrsp(i));
        }
        set(c, "hrsp_other", k.hrsp(0));
        zero(c, "wrew", "eint", "ssl_sess", "ssl_reused_sess", "ssl_failed_handshake");
    }

    /** HAProxy leaves the HTTP-only cells (hrsp_*, and {@code more} per row type) empty in tcp mode. */
    private static void tcpBlanks(String[] c, io.luxy.proxy.Mode mode, String... more) {
        if (mode != io.luxy.proxy.Mode.TCP) {
            return;
        }
        for (int i = StatFields.index("hrsp_1xx"); i <= StatFields.index("hrsp_other"); i++) {
            c[i] = "";
        }
        for (String n : more) {
            c[StatFields.index(n)] = "";
        }
    }

    private Row frontend(Frontend fe, int iid) {
        String[] c = cells();
        ProxyCounters k = fe.counters();
        common(c, fe.name(), "FRONTEND", k);
        set(c, "scur", k.current());
        set(c, "smax", k.smax());
        set(c, "slim", feMaxconn(fe));
        set(c, "dreq", k.dreq.sum());
        set(c, "ereq", k.ereq.sum());
        set(c, "status", k.paused() ? "PAUSED" : "OPEN");
        set(c, "iid", iid);
        set(c, "sid", 0);
        set(c, "type", 0);
        set(c, "rate_lim", 0);
        set(c, "req_rate", k.requestRate.read());
        set(c, "req_rate_max", k.requestRate.max());
        set(c, "req_tot", k.reqTot.sum());
        zero(c, "comp_in", "comp_out", "comp_byp", "comp_rsp", "dcon", "dses", "cache_lookups", "cache_hits");
        set(c, "mode", fe.mode().name().toLowerCase(java.util.Locale.ROOT));
        set(c, "conn_rate", k.connRate.read());
        set(c, "conn_rate_max", k.connRate.max());
        set(c, "conn_tot", k.connTot.sum());
        set(c, "intercepted", k.intercepted.sum());
        zeroRange(c, "h2_headers_rcvd", "h1_spliced_bytes_out");
        tcpBlanks(c, fe.mode(), "intercepted", "cache_lookups", "cache_hits");
        return new Row(0, c);
    }

    /** The effective {@code maxconn} of a frontend: runtime value, configured one, or the global one. */
    int feMaxconn(Frontend fe) {
        int m = fe.counters().maxconn();
        if (m >= 0) {
            return m;
        }
        return fe.options().maxconn() > 0 ? fe.options().maxconn() : globalMaxconn;
    }

    private Row server(Backend be, Server s, int iid, int sid, long now) {
        String[] c = cells();
        ProxyCounters k = s.counters();
        common(c, be.name(), s.name(), k);
        int queued = s.queued().get();
        k.observeQueue(queued);
        set(c, "qcur", queued);
        set(c, "qmax", k.qmax());
        set(c, "scur", s.currentConns());
        set(c, "smax", k.smax());
        if (s.maxconn() > 0) {
            set(c, "slim", s.maxconn());
        }
        zero(c, "econ", "eresp", "wretr", "wredis");
        set(c, "econ", k.econ.sum());
        set(c, "eresp", k.eresp.sum());
        set(c, "wretr", k.wretr.sum());
        set(c, "wredis", k.wredis.sum());
        set(c, "status", serverStatus(s));
        set(c, "weight", s.weight());
        set(c, "act", s.backup() ? 0 : 1);
        set(c, "bck", s.backup() ? 1 : 0);
        CheckState cs = s.checkState();
        boolean checking = s.checked() && s.healthEnabled();
        long lastChange = Math.max(s.lastChangeMillis(), s.checked() ? cs.lastChangeMillis() : 0);
        if (checking) {
            set(c, "chkfail", cs.failedChecks());
            set(c, "chkdown", cs.downTransitions());
        }
        set(c, "lastchg", (now - lastChange) / 1000);
        if (checking) {
            set(c, "downtime", s.up() ? 0 : (now - lastChange) / 1000);
        }
        set(c, "iid", iid);
        set(c, "sid", sid);
        set(c, "lbtot", k.stot.sum());
        set(c, "type", 2);
        set(c, "req_tot", k.reqTot.sum());
        zero(c, "cli_abrt", "srv_abrt");
        set(c, "cli_abrt", k.cliAbrt.sum());
        set(c, "srv_abrt", k.srvAbrt.sum());
        set(c, "lastsess", lastSess(k, now));
        zero(c, "qtime", "ctime", "rtime", "ttime");
        if (checking) {
            CheckResult r = cs.last();
            if (r.status() != io.luxy.proxy.check.CheckStatus.INI) {
                set(c, "check_status", r.status().shortName());
                if (r.status().hasCode() && r.code() >= 0) {
                    set(c, "check_code", r.code());
                }
                set(c, "check_duration", Math.max(0, r.durationMs()));
                if (r.info() != null && !r.info().isEmpty()) {
                    set(c, "last_chk", csvSafe(r.info()));
                }
                set(c, "check_desc", r.status().description());
            } else {
                set(c, "check_status", "INI");
                set(c, "check_desc", "Initializing");
            }
            set(c, "check_rise", cs.rise());
            set(c, "check_fall", cs.fall());
            set(c, "check_health", cs.health());
        }
        set(c, "addr", addr(s));
        set(c, "mode", be.mode().name().toLowerCase(java.util.Locale.ROOT));
        zero(c, "connect", "reuse", "srv_icur", "qtime_max", "ctime_max", "rtime_max", "ttime_max", "idle_conn_cur",
                "safe_conn_cur", "used_conn_cur", "need_conn_est");
        set(c, "uweight", s.weight());
        tcpBlanks(c, be.mode(), "req_tot");
        return new Row(2, c);
    }

    private static String addr(Server s) {
        String h = s.host();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + s.port();
    }

    private static String csvSafe(String v) {
        return v.replace(',', ' ').replace('\n', ' ');
    }

    private static long lastSess(ProxyCounters k, long now) {
        long t = k.lastSessMillis();
        return t == 0 ? -1 : (now - t) / 1000;
    }

    /**
     * HAProxy's server status text (src/stats.c {@code srv_hlt_st}): MAINT, DRAIN, {@code no check}
     * for unchecked servers, UP, DOWN, or {@code UP n/fall} / {@code DOWN n/rise} while changing.
     */
    public static String serverStatus(Server s) {
        if (s.admin() == Server.AdminState.MAINT) {
            return "MAINT";
        }
        if (s.admin() == Server.AdminState.DRAIN && s.up()) {
            return "DRAIN";
        }
        CheckState cs = s.checkState();
        if (!s.checked() || !s.healthEnabled()) {
            return s.up() ? "no check" : "DOWN";
        }
        int h = cs.health();
        if (s.up()) {
            return h >= cs.rise() + cs.fall() - 1 ? "UP" : "UP " + (h - cs.rise() + 1) + "/" + cs.fall();
        }
        return h == 0 ? "DOWN" : "DOWN " + h + "/" + cs.rise();
    }

    private Row backend(Backend be, int iid, long now) {
        String[] c = cells();
        ProxyCounters k = be.counters();
        common(c, be.name(), "BACKEND", k);
        int queued = 0;
        int act = 0;
        int bck = 0;
        int actWeight = 0;
        int bckWeight = 0;
        long lastChange = 0;
        for (Server s : be.servers()) {
            queued += s.queued().get();
            lastChange = Math.max(lastChange, Math.max(s.lastChangeMillis(), s.checked() ? s.checkState().lastChangeMillis() : 0));
            if (s.up() && s.admin() != Server.AdminState.MAINT) {
                if (s.backup()) {
                    bck++;
                    bckWeight += s.weight();
                } else {
                    act++;
                    actWeight += s.weight();
                }
            }
        }
        k.observeQueue(queued);
        int cur = be.currentConns();
        k.observeCurrent(cur);
        set(c, "qcur", queued);
        set(c, "qmax", k.qmax());
        set(c, "scur", cur);
        set(c, "smax", k.smax());
        set(c, "slim", beMaxconn(be));
        set(c, "dreq", k.dreq.sum());
        set(c, "econ", k.econ.sum());
        set(c, "eresp", k.eresp.sum());
        set(c, "wretr", k.wretr.sum());
        set(c, "wredis", k.wredis.sum());
        int weight = act > 0 ? actWeight : bckWeight;
        set(c, "status", be.servers().isEmpty() || weight > 0 ? "UP" : "DOWN");
        set(c, "weight", weight);
        set(c, "act", act);
        set(c, "bck", bck);
        set(c, "chkdown", 0);
        set(c, "lastchg", (now - (lastChange == 0 ? ProcessInfo.START_MILLIS : lastChange)) / 1000);
        if (!be.servers().isEmpty()) {
            set(c, "downtime", 0);
        }
        set(c, "iid", iid);
        set(c, "sid", 0);
        set(c, "lbtot", k.lbtot.sum());
        set(c, "type", 1);
        set(c, "req_tot", k.reqTot.sum());
        set(c, "cli_abrt", k.cliAbrt.sum());
        set(c, "srv_abrt", k.srvAbrt.sum());
        zero(c, "comp_in", "comp_out", "comp_byp", "comp_rsp");
        set(c, "lastsess", lastSess(k, now));
        zero(c, "qtime", "ctime", "rtime", "ttime");
        set(c, "mode", be.mode().name().toLowerCase(java.util.Locale.ROOT));
        set(c, "algo", proxies.algo(be));
        zero(c, "connect", "reuse", "cache_lookups", "cache_hits", "qtime_max", "ctime_max", "rtime_max", "ttime_max",
                "agg_server_status", "agg_server_check_status", "agg_check_status");
        set(c, "uweight", weight);
        zeroRange(c, "h2_headers_rcvd", "h1_spliced_bytes_out");
        tcpBlanks(c, be.mode(), "req_tot", "cache_lookups", "cache_hits");
        return new Row(1, c);
    }

    /** HAProxy's default backend {@code slim}: a tenth of the maxconn of the frontends reaching it, rounded up. */
    private int beMaxconn(Backend be) {
        long sum = 0;
        for (Frontend fe : proxies.model().frontends()) {
            boolean reaches = fe.defaultBackend() == be;
            for (var sw : fe.switches()) {
                reaches |= sw.backend() == be || (sw.backend() == null && sw.backends().containsValue(be));
            }
            if (reaches) {
                sum += feMaxconn(fe);
            }
        }
        return (int) Math.max(1, (sum + 9) / 10);
    }

}

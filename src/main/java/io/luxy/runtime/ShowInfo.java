package io.luxy.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

import io.luxy.proxy.Bind;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.ProxyCounters;

/**
 * {@code show info} (HAProxy doc/management.txt 9.3): HAProxy 2.6's keys in its order, one
 * {@code Key: value} line each. Values Luxy has no equivalent for (memory pools, SSL rates,
 * pipes, compression) are 0, as an idle HAProxy reports them.
 */
public final class ShowInfo {

    private ShowInfo() {
    }

    /** The keys and values for {@code proxies}, {@code threads} event loops. */
    public static Map<String, String> values(Proxies proxies, int threads) {
        long now = System.currentTimeMillis();
        long up = (now - ProcessInfo.START_MILLIS) / 1000;
        int maxconn = proxies.globalMaxconn(RuntimeApi.DEFAULT_MAXCONN);
        long cur = 0;
        long conns = 0;
        long reqs = 0;
        long out = 0;
        long connRate = 0;
        long connRateMax = 0;
        long sessRate = 0;
        long sessRateMax = 0;
        int listeners = 0;
        for (Frontend f : proxies.model().frontends()) {
            ProxyCounters k = f.counters();
            cur += k.current();
            conns += k.connTot.sum();
            reqs += k.reqTot.sum();
            out += k.bout.sum();
            connRate += k.connRate.read();
            connRateMax = Math.max(connRateMax, k.connRate.max());
            sessRate += k.sessionRate.read();
            sessRateMax = Math.max(sessRateMax, k.sessionRate.max());
            for (Bind b : f.binds()) {
                listeners++;
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Name", "HAProxy");
        m.put("Version", ProcessInfo.VERSION);
        m.put("Release_date", ProcessInfo.RELEASE_DATE);
        m.put("Nbthread", Integer.toString(threads));
        m.put("Nbproc", "1");
        m.put("Process_num", "1");
        m.put("Pid", Long.toString(ProcessHandle.current().pid()));
        m.put("Uptime", String.format("%dd %dh%02dm%02ds", up / 86400, (up / 3600) % 24, (up / 60) % 60, up % 60));
        m.put("Uptime_sec", Long.toString(up));
        Runtime rt = Runtime.getRuntime();
        long maxMb = rt.maxMemory() == Long.MAX_VALUE ? 0 : rt.maxMemory() / (1024 * 1024);
        long used = rt.totalMemory() - rt.freeMemory();
        m.put("Memmax_MB", Long.toString(maxMb));
        m.put("PoolAlloc_MB", Long.toString(rt.totalMemory() / (1024 * 1024)));
        m.put("PoolUsed_MB", Long.toString(used / (1024 * 1024)));
        m.put("PoolFailed", "0");
        m.put("Ulimit-n", Integer.toString(maxconn * 2 + 16));
        m.put("Maxsock", Integer.toString(maxconn * 2 + 16));
        m.put("Maxconn", Integer.toString(maxconn));
        m.put("Hard_maxconn", Integer.toString(maxconn));
        m.put("CurrConns", Long.toString(cur));
        m.put("CumConns", Long.toString(conns));
        m.put("CumReq", Long.toString(reqs));
        for (String k : new String[] {"MaxSslConns", "CurrSslConns", "CumSslConns", "Maxpipes", "PipesUsed", "PipesFree"}) {
            m.put(k, "0");
        }
        m.put("ConnRate", Long.toString(connRate));
        m.put("ConnRateLimit", "0");
        m.put("MaxConnRate", Long.toString(connRateMax));
        m.put("SessRate", Long.toString(sessRate));
        m.put("SessRateLimit", "0");
        m.put("MaxSessRate", Long.toString(sessRateMax));
        for (String k : new String[] {"SslRate", "SslRateLimit", "MaxSslRate", "SslFrontendKeyRate", "SslFrontendMaxKeyRate",
            "SslFrontendSessionReuse_pct", "SslBackendKeyRate", "SslBackendMaxKeyRate", "SslCacheLookups", "SslCacheMisses",
            "CompressBpsIn", "CompressBpsOut", "CompressBpsRateLim"}) {
            m.put(k, "0");
        }
        m.put("Tasks", Integer.toString(listeners + proxies.all().size()));
        m.put("Run_queue", "0");
        m.put("Idle_pct", "100");
        m.put("node", hostname());
        m.put("Stopping", "0");
        m.put("Jobs", Long.toString(listeners + cur));
        m.put("Unstoppable Jobs", "0");
        m.put("Listeners", Integer.toString(listeners));
        for (String k : new String[] {"ActivePeers", "ConnectedPeers", "DroppedLogs", "BusyPolling", "FailedResolutions"}) {
            m.put(k, "0");
        }
        m.put("TotalBytesOut", Long.toString(out));
        m.put("TotalSplicdedBytesOut", "0");
        m.put("BytesOutRate", "0");
        m.put("DebugCommandsIssued", "0");
        m.put("CumRecvLogs", "0");
        m.put("Build info", ProcessInfo.VERSION);
        m.put("Memmax_bytes", Long.toString(maxMb * 1024 * 1024));
        m.put("PoolAlloc_bytes", Long.toString(rt.totalMemory()));
        m.put("PoolUsed_bytes", Long.toString(used));
        m.put("Start_time_sec", Long.toString(ProcessInfo.START_MILLIS / 1000));
        m.put("Tainted", "0");
        return m;
    }

    /** The {@code show info} text. */
    public static String text(Proxies proxies, int threads) {
        StringBuilder b = new StringBuilder();
        values(proxies, threads).forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}

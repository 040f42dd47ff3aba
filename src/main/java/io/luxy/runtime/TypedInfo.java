package io.luxy.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code show info typed} and {@code show info json} (HAProxy doc/management.txt 9.3 "show info"),
 * in HAProxy 2.6.12's formats: typed lines {@code pos.Name.1:tags:type:value}; JSON an array of
 * {@code {"field":{"pos","name"},"processNum","tags","value"}}. Positions are HAProxy's info field
 * numbers, which skip the fields an idle HAProxy leaves empty (45 ZlibMemUsage, 46
 * MaxZlibMemUsage, 51 description).
 */
public final class TypedInfo {

    private record Info(int pos, FieldTag tag) {
    }

    /** HAProxy 2.6.12's info fields: position, name, tags and type (src/stats.c stats_fill_info). */
    private static final Map<String, Info> FIELDS = parse("0.Name:POS:str 1.Version:POS:str 2.Release_date:POS:str "
            + "3.Nbthread:CGS:u32 4.Nbproc:CGS:u32 5.Process_num:KGP:u32 6.Pid:SGP:u32 7.Uptime:MDP:str 8.Uptime_sec:MDP:u32 "
            + "9.Memmax_MB:CLP:u32 10.PoolAlloc_MB:MGP:u32 11.PoolUsed_MB:MGP:u32 12.PoolFailed:MCP:u32 13.Ulimit-n:CLP:u32 "
            + "14.Maxsock:CLP:u32 15.Maxconn:CLP:u32 16.Hard_maxconn:CLP:u32 17.CurrConns:MGP:u32 18.CumConns:MCP:u32 "
            + "19.CumReq:MCP:u32 20.MaxSslConns:MMP:u32 21.CurrSslConns:MGP:u32 22.CumSslConns:MCP:u32 23.Maxpipes:CLP:u32 "
            + "24.PipesUsed:MGP:u32 25.PipesFree:MGP:u32 26.ConnRate:MRP:u32 27.ConnRateLimit:CLP:u32 28.MaxConnRate:MMP:u32 "
            + "29.SessRate:MRP:u32 30.SessRateLimit:CLP:u32 31.MaxSessRate:MRP:u32 32.SslRate:MRP:u32 33.SslRateLimit:CLP:u32 "
            + "34.MaxSslRate:MMP:u32 35.SslFrontendKeyRate:MGP:u32 36.SslFrontendMaxKeyRate:MMP:u32 "
            + "37.SslFrontendSessionReuse_pct:MGP:u32 38.SslBackendKeyRate:MRP:u32 39.SslBackendMaxKeyRate:MMP:u32 "
            + "40.SslCacheLookups:MCP:u32 41.SslCacheMisses:MCP:u32 42.CompressBpsIn:MRP:u32 43.CompressBpsOut:MRP:u32 "
            + "44.CompressBpsRateLim:CLP:u32 45.ZlibMemUsage:MGP:u32 46.MaxZlibMemUsage:CLP:u32 47.Tasks:MGP:u32 "
            + "48.Run_queue:MGP:u32 49.Idle_pct:MaP:u32 50.node:COS:str 51.description:COS:str 52.Stopping:MGP:u32 "
            + "53.Jobs:MGP:u32 54.Unstoppable+Jobs:MGP:u32 55.Listeners:MGP:u32 56.ActivePeers:MGP:u32 "
            + "57.ConnectedPeers:MGP:u32 58.DroppedLogs:MGP:u32 59.BusyPolling:MGP:u32 60.FailedResolutions:MGP:u32 "
            + "61.TotalBytesOut:MGP:u64 62.TotalSplicdedBytesOut:MGP:u64 63.BytesOutRate:MRP:u64 "
            + "64.DebugCommandsIssued:MGP:u32 65.CumRecvLogs:MCP:u32 66.Build+info:POS:str 67.Memmax_bytes:CLP:u32 "
            + "68.PoolAlloc_bytes:MGP:u64 69.PoolUsed_bytes:MGP:u64 70.Start_time_sec:MDP:u32 71.Tainted:SGP:str");

    private static final FieldTag UNKNOWN = FieldTag.parse("MGP:str");

    private TypedInfo() {
    }

    private static Map<String, Info> parse(String specs) {
        Map<String, Info> m = new LinkedHashMap<>();
        for (String s : specs.split(" ")) {
            int dot = s.indexOf('.');
            int colon = s.indexOf(':');
            // '+' stands for the space of "Unstoppable Jobs" and "Build info"
            Info info = new Info(Integer.parseInt(s.substring(0, dot)), FieldTag.parse(s.substring(colon + 1)));
            m.put(s.substring(dot + 1, colon).replace('+', ' '), info);
        }
        return m;
    }

    /** The {@code show info typed} text of {@code info} (ShowInfo's keys and values, in order). */
    public static String typed(Map<String, String> info) {
        StringBuilder b = new StringBuilder();
        int next = 0;
        for (Map.Entry<String, String> e : info.entrySet()) {
            Info f = FIELDS.get(e.getKey());
            int pos = f != null ? f.pos() : next;
            next = pos + 1;
            FieldTag t = f != null ? f.tag() : UNKNOWN;
            b.append(pos).append('.').append(e.getKey()).append(".1:").append(t.typed(e.getValue())).append('\n');
        }
        return b.toString();
    }

    /** The {@code show info json} text of {@code info}, ending with a newline. */
    public static String json(Map<String, String> info) {
        StringBuilder b = new StringBuilder("[");
        int next = 0;
        for (Map.Entry<String, String> e : info.entrySet()) {
            Info f = FIELDS.get(e.getKey());
            int pos = f != null ? f.pos() : next;
            next = pos + 1;
            FieldTag t = f != null ? f.tag() : UNKNOWN;
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"field\":{\"pos\":").append(pos).append(",\"name\":").append(FieldTag.jsonString(e.getKey()))
                    .append("},\"processNum\":1,\"tags\":").append(t.jsonTags()).append(",\"value\":")
                    .append(t.jsonValue(e.getValue())).append('}');
        }
        return b.append("]\n").toString();
    }
}

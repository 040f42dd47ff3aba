package io.luxy.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of {@code show stat} in HAProxy 2.6's order (doc/management.txt 9.1, as printed by
 * HAProxy 2.6.12 with its default stats modules: the 97 base fields, {@code agg_*}, then
 * {@code -} and the SSL, HTTP/2 and HTTP/1 module fields).
 */
public final class StatFields {

    /** The header line's names, without "# ". */
    public static final List<String> NAMES = List.of("pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out".split(","));

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < NAMES.size(); i++) {
            INDEX.putIfAbsent(NAMES.get(i), i);
        }
    }

    private StatFields() {
    }

    /** The column of {@code name}; throws when unknown (a programming error). */
    public static int index(String name) {
        Integer i = INDEX.get(name);
        if (i == null) {
            throw new IllegalArgumentException("unknown stat field " + name);
        }
        return i;
    }

    /** The CSV header line, "# pxname,svname,…," with HAProxy's trailing comma, and a newline. */
    public static String header() {
        return "# " + String.join(",", NAMES) + ",\n";
    }
}

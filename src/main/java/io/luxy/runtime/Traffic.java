package io.luxy.runtime;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.ProxyCounters;
import io.luxy.proxy.Server;
import io.luxy.proxy.log.LogEntry;

/**
 * Updates the statistics counters when a stream ends, from what its log entry recorded:
 * response status, bytes each way and termination state (HAProxy's {@code stream_process_counters}
 * and {@code stream_update_time_stats}; retries and redispatches are counted as they happen, by
 * {@code ServerConnector}). Called once per stream from the data path, lock-free.
 */
public final class Traffic {

    private Traffic() {
    }

    /** An HTTP stream of {@code fe} ended; {@code be} is its backend (null when none was chosen). */
    public static void httpEnd(Frontend fe, Backend be, LogEntry e, int status) {
        ProxyCounters f = fe.counters();
        f.response(status, e.bytesUploaded, e.bytesRead);
        String term = e.termState == null ? "--" : e.termState;
        if (status == 400 && term.startsWith("PR") && be == null) {
            f.ereq.increment();
        } else if (status == 403 && term.startsWith("PR")) {
            f.dreq.increment();
        }
        if (be == null) {
            if (e.server != null && e.server.startsWith("<")) {
                f.intercepted.increment();
            }
            return;
        }
        end(be, e, status, term);
        be.counters().request();
    }

    /** A TCP stream of {@code fe} ended (its backend is found by the name the log recorded). */
    public static void tcpEnd(Frontend fe, LogEntry e) {
        fe.counters().response(0, e.bytesUploaded, e.bytesRead);
        Backend be = null;
        if (fe.defaultBackend() != null && fe.defaultBackend().name().equals(e.backend)) {
            be = fe.defaultBackend();
        } else {
            for (var sw : fe.switches()) {
                Backend b = sw.backend() != null ? sw.backend() : sw.backends().get(e.backend);
                if (b != null && b.name().equals(e.backend)) {
                    be = b;
                    break;
                }
            }
        }
        if (be != null) {
            end(be, e, 0, e.termState == null ? "--" : e.termState);
        }
    }

    private static void end(Backend be, LogEntry e, int status, String term) {
        ProxyCounters b = be.counters();
        b.sessionCounted(be.currentConns() + 1);
        b.response(status, e.bytesUploaded, e.bytesRead);
        Server s = e.server == null ? null : be.server(e.server);
        if (s != null) {
            b.lbtot.increment();
            ProxyCounters k = s.counters();
            k.response(status, e.bytesUploaded, e.bytesRead);
            if (status > 0) {
                k.reqTot.increment();
            }
        }
        char c0 = term.isEmpty() ? '-' : term.charAt(0);
        char c1 = term.length() > 1 ? term.charAt(1) : '-';
        if (c0 == 'S' && c1 == 'C') {
            b.econ.increment();
            if (s != null) {
                s.counters().econ.increment();
            }
        } else if (c0 == 'S' && (c1 == 'H' || c1 == 'D')) {
            b.eresp.increment();
            b.srvAbrt.increment();
            if (s != null) {
                s.counters().eresp.increment();
                s.counters().srvAbrt.increment();
            }
        } else if (c0 == 'C' && c1 != '-') {
            b.cliAbrt.increment();
            if (s != null) {
                s.counters().cliAbrt.increment();
            }
        }
    }
}

package io.luxy.proxy.log;

import java.util.List;

import io.luxy.sample.LogVar;
import io.luxy.sample.LogVariables;

/**
 * The log variables of a finished stream ({@link LogEntry}) for its log line, with the process-wide
 * values %pid, %H and the log counter %lc (HAProxy doc/configuration.txt 8.2.4).
 */
record EntryValues(LogEntry e, long pid, String hostname, long logCounter) implements LogVariables {

    @Override
    public String logText(LogVar v) {
        return switch (v) {
            case ci -> e.clientIp;
            case fi -> e.frontendIp;
            case bi -> e.backendSourceIp;
            case si -> e.serverIp;
            case f -> e.plainFrontend();
            case ft -> e.frontendTransport();
            case b -> e.backend == null ? e.plainFrontend() : e.backend;
            case s -> e.server;
            case ts -> e.termState;
            case rc -> e.redispatched ? "+" : null;
            case H -> hostname;
            case ID -> e.uniqueId;
            case sslv -> e.sslVersion;
            case sslc -> e.sslCipher;
            case r -> e.requestLine;
            default -> null; // %CC, %CS: no cookie persistence
        };
    }

    @Override
    public long logNumber(LogVar v) {
        return switch (v) {
            case cp -> e.clientPort;
            case fp -> e.frontendPort;
            case bp -> e.backendSourcePort;
            case sp -> e.serverPort;
            case t -> e.acceptDate;
            case tr -> e.requestDate != 0 ? e.requestDate : e.acceptDate;
            case Th -> e.th;
            case Ti -> e.ti;
            case TR -> e.tr;
            case Tq -> e.tr < 0 ? -1 : e.th + e.ti + e.tr;
            case Tw -> e.tw;
            case Tc -> e.tc;
            case Tr -> e.tresp;
            case Ta -> e.ta;
            case Tt -> e.totalTime();
            case Tu -> e.totalTime() < 0 ? -1 : e.totalTime() - e.th - e.ti;
            case Td -> {
                long tt = e.totalTime();
                yield tt < 0 || e.tresp < 0 ? -1 : tt - (e.th + e.ti + Math.max(e.tr, 0) + e.tw + e.tc + e.tresp);
            }
            case ST -> e.status;
            case B -> e.bytesRead;
            case U -> e.bytesUploaded;
            case ac -> e.actconn;
            case fc -> e.feconn;
            case bc -> e.beconn;
            case sc -> e.srvConn;
            case rc -> e.retries;
            case sq -> e.srvQueue;
            case bq -> e.backendQueue;
            case rt -> e.requestCounter();
            case lc -> logCounter;
            case pid -> pid;
            default -> MISSING;
        };
    }

    @Override
    public List<String> logCaptures(LogVar v) {
        return v == LogVar.hr ? e.requestCaptures : e.responseCaptures;
    }
}

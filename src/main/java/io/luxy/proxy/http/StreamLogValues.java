package io.luxy.proxy.http;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLSession;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.luxy.proxy.log.AccessLog;
import io.luxy.proxy.log.LogEntry;
import io.luxy.sample.LogVar;
import io.luxy.sample.LogVariables;

/**
 * The log variables of a live HTTP stream, for rule strings ({@code http-request set-header X
 * %ci:%cp}): what HAProxy 2.6 prints at that point of the stream (verified): the frontend as
 * {@code %b} and {@code <NOSRV>} as {@code %s} before a backend and server are chosen, -1 for
 * timers of steps not done yet ({@code %TR %Tw %Tc %Tr %Td}), {@code %Ta}/{@code %Tt}/{@code %Tu} 0 (the
 * end is not known yet), {@code %ST} -1 before a response. Values are computed on demand: a stream whose rules
 * print no variable pays nothing.
 */
final class StreamLogValues {

    private static final long PID = ProcessHandle.current().pid();

    private StreamLogValues() {
    }

    /** {@link LogVariables#logText} for stream {@code s}. */
    static String text(HttpStream s, LogVar v) {
        LogEntry e = s.log();
        return switch (v) {
            case ci -> host(s.source());
            case fi -> host(s.destination());
            case si -> {
                Server srv = server(s);
                yield srv == null ? null : srv.host();
            }
            case f -> s.frontend().name();
            case ft -> s.ssl() ? s.frontend().name() + "~" : s.frontend().name();
            case b -> s.backendName() != null ? s.backendName() : s.frontend().name();
            case s -> e.server;
            case ts -> e.termState;
            case rc -> e.redispatched ? "+" : null;
            case H -> AccessLog.hostname();
            case ID -> s.uniqueId(false);
            case sslv -> {
                SSLSession ssl = s.ssl() ? s.request().connection().sslSession() : null;
                yield ssl == null ? null : ssl.getProtocol();
            }
            case sslc -> {
                SSLSession ssl = s.ssl() ? s.request().connection().sslSession() : null;
                yield ssl == null ? null : ssl.getCipherSuite();
            }
            case r -> s.request().method().name() + " " + s.request().uri() + " " + s.version();
            default -> null; // %bi: the server connection's source is not known to rules; %CC %CS: no cookie persistence
        };
    }

    /** {@link LogVariables#logNumber} for stream {@code s}. */
    static long number(HttpStream s, LogVar v) {
        LogEntry e = s.log();
        return switch (v) {
            case cp -> port(s.source());
            case fp -> port(s.destination());
            case sp -> {
                Server srv = server(s);
                yield srv == null ? LogVariables.MISSING : srv.port();
            }
            case t, tr -> acceptDate(s);
            case Th, Ti -> 0;
            case TR, Tq -> s.responseStatus() < 0 ? -1 : Math.max(e.tr, 0);
            case Tw -> e.tw;
            case Tc -> e.tc;
            case Tr -> e.tresp;
            case Ta, Tt, Tu -> 0; // HAProxy's t_close is 0 until the stream ends: Tt is 0, Ta and Tu are -Ti
            case Td -> -1;
            case ST -> s.responseStatus();
            case B -> e.bytesRead;
            case U -> e.bytesUploaded;
            case ac, fc -> Math.max(e.feconn, 1); // this stream's connection is open (0: the frontend does not count)
            case bc -> {
                Backend be = s.backend();
                yield be == null ? 0 : be.currentConns();
            }
            case sc -> {
                Server srv = server(s);
                yield srv == null ? 0 : srv.currentConns();
            }
            case rc -> e.retries;
            case sq -> e.srvQueue;
            case bq -> e.backendQueue;
            case rt -> e.requestCounter();
            case lc -> 0;
            case pid -> PID;
            default -> LogVariables.MISSING;
        };
    }

    /** The accept date in epoch milliseconds, fixed on first use when the log did not record it. */
    private static long acceptDate(HttpStream s) {
        LogEntry e = s.log();
        if (e.acceptDate == 0) {
            e.acceptDate = System.currentTimeMillis() - s.elapsedMillis();
        }
        return e.acceptDate;
    }

    private static Server server(HttpStream s) {
        Backend be = s.backend();
        return be == null ? null : be.server(s.log().server);
    }

    private static String host(InetSocketAddress a) {
        return a == null ? null : a.getAddress().getHostAddress();
    }

    private static long port(InetSocketAddress a) {
        return a == null ? LogVariables.MISSING : a.getPort();
    }
}

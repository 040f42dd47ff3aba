package io.luxy.proxy.http;

import java.net.InetSocketAddress;

import io.luxy.proxy.Frontend;
import io.luxy.proxy.log.LogEntry;
import io.netty.channel.Channel;

/**
 * The log line HAProxy 2.6 writes when its HTTP/1 parser answers a request itself (400, 408,
 * 413, 422): {@code <BADREQ>}, the frontend as backend, no server, state {@code PR} (or
 * {@code cR} for 408), no bytes sent counted (HAProxy counts none for its parser's answers).
 */
final class ParserErrors {

    private ParserErrors() {
    }

    /** Logs refused or timed-out request with {@code status} on {@code ch}, accepted at {@code acceptDate} (ms since the epoch). */
    static void log(Frontend frontend, Channel ch, long acceptDate, int status) {
        log(frontend, ch.remoteAddress(), false, acceptDate, status, status == 408 ? "cR" : "PR", 1, -1);
    }

    /**
     * Logs such a line with explicit values: {@code bytesIn} the bytes received (0 makes it a null
     * connection for {@code option dontlognull}), {@code feconn} the frontend's connections (-1 = unknown).
     */
    static void log(Frontend frontend, java.net.SocketAddress remote, boolean ssl, long acceptDate, int status, String termState,
            long bytesIn, int feconn) {
        if (!frontend.log().enabled()) {
            return;
        }
        LogEntry e = new LogEntry();
        if (remote instanceof InetSocketAddress a) {
            e.clientIp = a.getAddress().getHostAddress();
            e.clientPort = a.getPort();
        }
        e.acceptDate = acceptDate;
        e.frontend = frontend.name();
        e.ssl = ssl;
        e.backend = frontend.name();
        e.ta = System.currentTimeMillis() - acceptDate;
        e.status = status;
        e.termState = termState;
        e.bytesRead = 0;
        e.bytesUploaded = bytesIn;
        if (feconn >= 0) {
            e.feconn = feconn;
        }
        frontend.log().log(e);
    }
}

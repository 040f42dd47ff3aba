package io.luxy.proxy.log;

import java.net.InetSocketAddress;
import java.util.List;

import io.luxy.config.Directive;

/**
 * One {@code log} target (HAProxy doc/configuration.txt 4.2 "log"): {@code stdout}, {@code stderr}
 * or a UDP syslog address (port 514 by default), the line format, the maximum line length
 * ({@code len}, 1024 by default), the facility and the maximum level sent.
 */
record LogServer(Kind kind, InetSocketAddress address, SyslogFrame.Format format, int maxLen, int facility, int maxLevel) {

    /** Where lines go. */
    enum Kind { STDOUT, STDERR, UDP }

    /** Syslog facilities in code order (src/log.c log_facilities). */
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    /** Syslog levels in code order (src/log.c log_levels). */
    static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    /** The level of traffic logs. */
    static final int INFO = 6;

    /**
     * Parses {@code log TARGET [len N] [format F] [sample R:S] FACILITY [LEVEL [MINLEVEL]]}; the
     * error text (HAProxy's, after {@code parsing [f:l] : }) is thrown as IllegalArgumentException.
     */
    static LogServer parse(Directive d) {
        String target = d.arg(0);
        int at = 1;
        int len = 1024;
        SyslogFrame.Format format = SyslogFrame.Format.RFC3164;
        while (d.arg(at) != null && List.of("len", "format", "sample").contains(d.arg(at))) {
            String v = d.arg(at + 1) == null ? "" : d.arg(at + 1);
            switch (d.arg(at)) {
                case "len" -> {
                    try {
                        len = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("log : invalid max length '" + v + "'");
                    }
                }
                case "format" -> {
                    format = SyslogFrame.Format.named(v);
                    if (format == null) {
                        throw new IllegalArgumentException("log : unknown log format '" + v + "'");
                    }
                }
                default -> {
                    // sampling (one line in N) is not implemented: every line is sent
                }
            }
            at += 2;
        }
        String fac = d.arg(at);
        int facility = fac == null ? -1 : FACILITIES.indexOf(fac);
        if (facility < 0) {
            throw new IllegalArgumentException("log : unknown log facility '" + (fac == null ? "" : fac) + "'");
        }
        int maxLevel = LEVELS.size() - 1;
        if (d.arg(at + 1) != null) {
            maxLevel = LEVELS.indexOf(d.arg(at + 1));
            if (maxLevel < 0) {
                throw new IllegalArgumentException("log : unknown optional log level '" + d.arg(at + 1) + "'");
            }
        }
        Kind kind;
        InetSocketAddress addr = null;
        if (target.equals("stdout") || target.equals("fd@1")) {
            kind = Kind.STDOUT;
        } else if (target.equals("stderr") || target.equals("fd@2")) {
            kind = Kind.STDERR;
        } else {
            kind = Kind.UDP;
            addr = udpAddress(target);
        }
        return new LogServer(kind, addr, format, len, facility, maxLevel);
    }

    private static InetSocketAddress udpAddress(String target) {
        String t = target;
        for (String p : List.of("udp@", "udp4@", "udp6@", "ipv4@", "ipv6@")) {
            if (t.startsWith(p)) {
                t = t.substring(p.length());
            }
        }
        if (t.startsWith("/") || t.contains("@")) {
            throw new IllegalArgumentException("log : unsupported log target '" + target + "' (Luxy sends to stdout, stderr or UDP)");
        }
        String host = t;
        int port = 514;
        int colon = t.lastIndexOf(':');
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            host = t.substring(1, close);
            if (close + 1 < t.length() && t.charAt(close + 1) == ':') {
                port = Integer.parseInt(t.substring(close + 2));
            }
        } else if (colon > 0 && t.indexOf(':') == colon) {
            host = t.substring(0, colon);
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("log : invalid port '" + t.substring(colon + 1) + "'");
            }
        }
        return new InetSocketAddress(host, port);
    }
}

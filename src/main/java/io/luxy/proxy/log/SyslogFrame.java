package io.luxy.proxy.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Frames a log message for a target as HAProxy 2.6 does (src/log.c {@code __send_log}), e.g.
 * rfc3164 {@code <134>Nov 23 19:20:01 haproxy[1234]: MSG}, rfc5424
 * {@code <134>1 2026-11-23T19:20:01.123456+00:00 - haproxy 1234 - - MSG}, raw {@code MSG}; every
 * line ends with a newline and is cut to the target's {@code len}.
 */
final class SyslogFrame {

    /** The {@code format} of a log target. */
    enum Format {
        RFC3164, LOCAL, RFC5424, PRIORITY, SHORT, TIMED, ISO, RAW;

        static Format named(String name) {
            for (Format f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    private static final DateTimeFormatter RFC3164_DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ENGLISH);

    private SyslogFrame() {
    }

    /** The full line for {@code msg} at {@code level}; {@code hostname} null when not sent (no log-send-hostname). */
    static String frame(LogServer srv, int level, String tag, long pid, String hostname, long nowMillis, ZoneId zone, String msg) {
        int pri = srv.facility() * 8 + level;
        StringBuilder sb = new StringBuilder(msg.length() + 64);
        ZonedDateTime now = Instant.ofEpochMilli(nowMillis).atZone(zone);
        switch (srv.format()) {
            case RFC3164, LOCAL -> {
                sb.append('<').append(pri).append('>').append(RFC3164_DATE.format(now)).append(' ');
                if (hostname != null && srv.format() == Format.RFC3164) {
                    sb.append(hostname).append(' ');
                }
                sb.append(tag).append('[').append(pid).append("]: ");
            }
            case RFC5424 -> sb.append('<').append(pri).append(">1 ").append(ISO.format(now)).append(' ')
                    .append(hostname == null ? "-" : hostname).append(' ').append(tag).append(' ').append(pid).append(" - - ");
            case PRIORITY -> sb.append('<').append(pri).append('>');
            case SHORT -> sb.append('<').append(level).append('>');
            case TIMED -> sb.append('<').append(pri).append('>').append(ISO.format(now)).append(' ');
            case ISO -> sb.append(ISO.format(now)).append(' ');
            case RAW -> {
            }
        }
        sb.append(msg);
        if (sb.length() > srv.maxLen() - 1) {
            sb.setLength(Math.max(0, srv.maxLen() - 1));
        }
        return sb.append('\n').toString();
    }
}

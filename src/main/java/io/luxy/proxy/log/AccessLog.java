package io.luxy.proxy.log;

import io.luxy.config.Diagnostics;
import io.luxy.config.Section;

/**
 * The traffic log of one frontend: its {@code log} targets and its format ({@code option httplog},
 * {@code option tcplog}, {@code log-format}); one line per stream, in HAProxy's format so existing
 * log parsers work.
 */
public class AccessLog {

    /** Logs nothing. */
    public static final AccessLog NONE = new AccessLog();

    /** The log of frontend section {@code s}. */
    public static AccessLog from(Section s, Diagnostics diag) {
        return NONE;
    }

    /** True when this log writes anything (callers may skip filling a {@link LogEntry}). */
    public boolean enabled() {
        return false;
    }

    /** Writes the line of a finished stream. */
    public void log(LogEntry e) {
    }
}

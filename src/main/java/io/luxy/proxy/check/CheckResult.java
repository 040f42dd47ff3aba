package io.luxy.proxy.check;

/**
 * One health-check outcome: status, code (HTTP status, 0 for tcp-check, -1 when none), info text
 * (shown as {@code info: "..."} in logs, may be null) and duration in milliseconds.
 */
public record CheckResult(CheckStatus status, int code, String info, long durationMs) {

    /** The same result with its duration set. */
    public CheckResult withDuration(long ms) {
        return new CheckResult(status, code, info, ms);
    }

    /**
     * HAProxy's {@code srv_append_status()} part of a log line:
     * {@code , reason: Layer7 check passed, code: 200, info: "x", check duration: 1ms}.
     */
    public String describe() {
        StringBuilder b = new StringBuilder(", reason: ").append(status.description());
        if (status.hasCode()) {
            b.append(", code: ").append(code);
        }
        if (info != null && !info.isEmpty()) {
            b.append(", info: \"").append(info.replace("\"", "\\\"")).append('"');
        }
        return b.append(", check duration: ").append(durationMs).append("ms").toString();
    }
}

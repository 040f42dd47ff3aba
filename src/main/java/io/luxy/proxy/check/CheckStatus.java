package io.luxy.proxy.check;

/**
 * The result of one health check, as HAProxy names it ({@code HCHK_STATUS_*}, src/check.c
 * {@code check_statuses}): the short name shown by the stats ({@code L4OK}…) and the
 * description used in logs ({@code Layer4 check passed}…). Statuses from {@link #L7OK} on carry an
 * HTTP (or tcp-check) code in log lines, as HAProxy's {@code HCHK_STATUS_L57DATA} threshold does.
 */
public enum CheckStatus {
    /** No check ran yet. */
    INI("INI", "Initializing", false, false),
    /** Socket error. */
    SOCKERR("SOCKERR", "Socket error", false, false),
    /** TCP connect succeeded. */
    L4OK("L4OK", "Layer4 check passed", true, false),
    /** TCP connect timed out. */
    L4TOUT("L4TOUT", "Layer4 timeout", false, false),
    /** TCP connect failed (refused, unreachable, unresolvable). */
    L4CON("L4CON", "Layer4 connection problem", false, false),
    /** No (complete) answer in time. */
    L7TOUT("L7TOUT", "Layer7 timeout", false, false),
    /** The answer was not what was expected (content, or not HTTP). */
    L7RSP("L7RSP", "Layer7 invalid response", false, false),
    /** The answer matched. */
    L7OK("L7OK", "Layer7 check passed", true, true),
    /** {@code http-check disable-on-404}: the server answered 404, it stays UP but takes no new traffic (NOLB). */
    L7OKC("L7OKC", "Layer7 check conditionally passed", true, true),
    /** The HTTP status was not the expected one. */
    L7STS("L7STS", "Layer7 wrong status", false, true);

    private final String shortName;
    private final String description;
    private final boolean passed;
    private final boolean hasCode;

    CheckStatus(String shortName, String description, boolean passed, boolean hasCode) {
        this.shortName = shortName;
        this.description = description;
        this.passed = passed;
        this.hasCode = hasCode;
    }

    /** HAProxy's short name (stats {@code check_status}), e.g. {@code L4CON}. */
    public String shortName() {
        return shortName;
    }

    /** HAProxy's description in log lines, e.g. {@code Layer4 connection problem}. */
    public String description() {
        return description;
    }

    /** True for a passed check. */
    public boolean passed() {
        return passed;
    }

    /** True when log lines show {@code code: N} for this status. */
    public boolean hasCode() {
        return hasCode;
    }
}

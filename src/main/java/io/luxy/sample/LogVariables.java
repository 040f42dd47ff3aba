package io.luxy.sample;

import java.util.List;

/**
 * The values of log-format variables ({@link LogVar}) for one stream, read by
 * {@link LogFormat#render}: a finished stream's log entry for a log line, or the live stream for
 * an {@code http-request}/{@code http-response} rule string (which then sees what HAProxy sees at
 * that point: no server before one is chosen, timers at -1 for steps not done yet). A
 * {@link SampleContext} that also implements this interface gives its variables to the rule
 * strings rendered over it.
 */
public interface LogVariables {

    /** Unknown number ({@link #logNumber}): printed as a missing value. */
    long MISSING = Long.MIN_VALUE;

    /** Nothing known: every variable is missing. */
    LogVariables NONE = new LogVariables() {
        @Override
        public String logText(LogVar v) {
            return null;
        }

        @Override
        public long logNumber(LogVar v) {
            return MISSING;
        }
    };

    /**
     * The text of a TEXT, IP, RAW or REQUEST variable, or null when missing. For REQUEST variables
     * only {@link LogVar#r} is asked: the whole request line ("GET /a?b HTTP/1.1"); for RAW ones
     * only {@link LogVar#ts}: the termination state ("--", "SD", or 4 characters with the cookie flags).
     * {@link LogVar#rc} (a number) is also asked here: "+" when the stream was redispatched, else null.
     */
    String logText(LogVar v);

    /**
     * The value of a numeric variable, or {@link #MISSING}. Dates are asked as {@link LogVar#t}
     * (accept date) and {@link LogVar#tr} (request date), in epoch milliseconds.
     */
    long logNumber(LogVar v);

    /** The captured request ({@code hr}) or response ({@code hs}) headers, null when none are configured. */
    default List<String> logCaptures(LogVar v) {
        return null;
    }
}

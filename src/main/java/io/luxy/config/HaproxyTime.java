package io.luxy.config;

/**
 * HAProxy's time values ({@code parse_time_err()}, src/tools.c): digits followed by an optional
 * unit {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}; a bare number is in
 * the caller's default unit (milliseconds for timeouts). Results are limited to
 * 2147483647 units (HAProxy: "maximum value is 2147483647 ms").
 */
public final class HaproxyTime {

    /** The parse outcome: {@code value} in the requested unit, or the offending character, or an overflow. */
    public record Result(long value, int errorIndex, boolean overflow, String trailingWarning) {
        /** True when the text was a valid time. */
        public boolean ok() {
            return errorIndex < 0 && !overflow;
        }
    }

    private HaproxyTime() {
    }

    /** Parses {@code text} into milliseconds (a bare number is milliseconds). */
    public static Result parseMillis(String text) {
        return parse(text, 1000);
    }

    /** Parses {@code text} into seconds (a bare number is seconds), as {@code tune.lua.*-timeout} with TIME_UNIT_S. */
    public static Result parseSeconds(String text) {
        return parse(text, 1);
    }

    /** {@code outPerSecond}: 1000 for milliseconds, 1 for seconds. */
    private static Result parse(String text, long outPerSecond) {
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            return new Result(0, 0, false, null);
        }
        int i = 0;
        long value = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > 0xFFFFFFFFL * 1000L) {
                return new Result(0, -1, true, null);
            }
            i++;
        }
        long imult = 1;
        long idiv = 1;
        long omult = outPerSecond;
        if (i == text.length()) {
            return value >= 0x80000000L ? new Result(0, -1, true, null) : new Result(value, -1, false, null);
        }
        switch (text.charAt(i)) {
            case 's' -> {
            }
            case 'u' -> {
                if (i + 1 < text.length() && text.charAt(i + 1) == 's') {
                    idiv = 1_000_000;
                    i++;
                } else {
                    return new Result(0, i, false, null);
                }
            }
            case 'm' -> {
                if (i + 1 < text.length() && text.charAt(i + 1) == 's') {
                    idiv = 1000;
                    i++;
                } else {
                    imult = 60;
                }
            }
            case 'h' -> imult = 3600;
            case 'd' -> imult = 86400;
            default -> {
                return new Result(0, i, false, null);
            }
        }
        String warning = null;
        if (i + 1 < text.length()) {
            warning = "unexpected character '" + text.charAt(i + 1) + "' after the timer value '" + text
                    + "', only (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported."
                    + " This will be reported as an error in next versions.";
        }
        long result = value * imult * omult / idiv;
        if (result >= 0x80000000L) {
            return new Result(0, -1, true, warning);
        }
        return new Result(result, -1, false, warning);
    }
}

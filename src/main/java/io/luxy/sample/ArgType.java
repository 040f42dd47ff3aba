package io.luxy.sample;

/**
 * Types of sample fetch and converter arguments, with HAProxy's names as printed in errors
 * ({@code arg_type_names[]} in src/arg.c).
 */
public enum ArgType {
    /** A signed 64-bit integer ({@code ARGT_SINT}). */
    SINT("integer"),
    /** Any string ({@code ARGT_STR}). */
    STR("string"),
    /** An IPv4 mask: bit count 0..32 or dotted quad ({@code ARGT_MSK4}). */
    MSK4("IPv4 mask"),
    /** An IPv6 mask: bit count 0..128 ({@code ARGT_MSK6}). */
    MSK6("IPv6 mask");

    private final String haproxyName;

    ArgType(String haproxyName) {
        this.haproxyName = haproxyName;
    }

    /** The name HAProxy prints, e.g. {@code integer}. */
    public String haproxyName() {
        return haproxyName;
    }

    /** True when {@code text} parses as this type (MSK* without DNS, SINT as a signed decimal). */
    public boolean accepts(String text) {
        return switch (this) {
            case STR -> true;
            case SINT -> parseSint(text) != null;
            case MSK4 -> IpAddr.parseMask4(text) >= 0;
            case MSK6 -> {
                Long v = parseSint(text);
                yield v != null && v >= 0 && v <= 128 && !text.startsWith("-") && !text.startsWith("+");
            }
        };
    }

    /** Parses a signed decimal integer as HAProxy's {@code read_int64} on a whole arg; null if not one. */
    public static Long parseSint(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

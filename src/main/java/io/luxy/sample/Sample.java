package io.luxy.sample;

import java.nio.charset.StandardCharsets;

/**
 * One typed sample value. Shapes by type: BOOL → Boolean, SINT → Long, STR/METH/IPV4/IPV6 → String,
 * BIN → byte[]. Immutable.
 */
public record Sample(SampleType type, Object value) {

    /** A STR sample. */
    public static Sample str(String s) {
        return new Sample(SampleType.STR, s);
    }

    /** A SINT (signed 64-bit) sample. */
    public static Sample sint(long v) {
        return new Sample(SampleType.SINT, v);
    }

    /** A BOOL sample. */
    public static Sample bool(boolean b) {
        return new Sample(SampleType.BOOL, b);
    }

    /** A BIN sample (the array is not copied). */
    public static Sample bin(byte[] b) {
        return new Sample(SampleType.BIN, b);
    }

    /** The value cast to a string as HAProxy's {@code c_*2str} casts do (bool → "0"/"1"). */
    public String asString() {
        return switch (type) {
            case BOOL -> ((Boolean) value) ? "1" : "0";
            case BIN -> new String((byte[]) value, StandardCharsets.ISO_8859_1);
            default -> String.valueOf(value);
        };
    }

    /** The value as bytes (strings are ISO-8859-1, i.e. one byte per char as HAProxy buffers). */
    public byte[] asBytes() {
        return type == SampleType.BIN ? (byte[]) value : asString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The value cast to an integer as HAProxy's {@code c_str2int} does: leading digits with an
     * optional sign, 0 if none; bool → 0/1. Returns null when the cast is impossible (IP, BIN)
     * or the string is empty (c_str2int fails on an empty string; "abc" gives 0, verified 2.6.12).
     */
    public Long asLong() {
        switch (type) {
            case SINT: return (Long) value;
            case BOOL: return ((Boolean) value) ? 1L : 0L;
            case STR: case METH: {
                String s = (String) value;
                int i = 0;
                boolean neg = false;
                if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                    neg = s.charAt(i) == '-';
                    i++;
                }
                if (s.isEmpty()) {
                    return null;
                }
                long v = 0;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    v = v * 10 + (s.charAt(i) - '0');
                    i++;
                }
                return neg ? -v : v;
            }
            default: return null;
        }
    }

    /** Truth value as HAProxy's {@code c_int2bool}/{@code c_str2bool}: non-zero / non-empty. */
    public boolean asBoolean() {
        return switch (type) {
            case BOOL -> (Boolean) value;
            case SINT -> (Long) value != 0;
            case BIN -> ((byte[]) value).length > 0;
            default -> !String.valueOf(value).isEmpty();
        };
    }
}

package io.luxy.runtime;

/**
 * The metadata HAProxy 2.6 prints for each typed field (doc/management.txt 9.3 "show info typed"):
 * origin, nature and scope letters and the value type. Letters: origin {@code M}etric,
 * {@code S}tatus, {@code K}ey, {@code C}onfig, {@code P}roduct; nature {@code G}auge, {@code L}imit,
 * {@code m}in, {@code M}ax, {@code R}ate, {@code C}ounter, {@code D}uration, {@code A}ge,
 * {@code T}ime, {@code N}ame, {@code O}utput, {@code a}vg; scope {@code P}rocess, {@code S}ervice,
 * {@code s}ystem, {@code C}luster. Types: s32, s64, u32, u64, str.
 *
 * @param letters the three letters, e.g. "MGP"
 * @param type    the value type, e.g. "u32"
 */
public record FieldTag(String letters, String type) {

    /** Parses {@code "MGP:u32"}. */
    public static FieldTag parse(String spec) {
        int c = spec.indexOf(':');
        return new FieldTag(spec.substring(0, c), spec.substring(c + 1));
    }

    /** Whether values of this type are integers. */
    public boolean numeric() {
        return !type.equals("str");
    }

    /** The JSON {@code "tags"} object as HAProxy writes it: {@code {"origin":…,"nature":…,"scope":…}}. */
    public String jsonTags() {
        return "{\"origin\":\"" + origin(letters.charAt(0)) + "\",\"nature\":\"" + nature(letters.charAt(1))
                + "\",\"scope\":\"" + scope(letters.charAt(2)) + "\"}";
    }

    /**
     * The typed {@code tags:type:value} suffix of a line, or for JSON the {@code "value"} object;
     * a cell that is not an integer for a numeric type is written as a string.
     */
    String typed(String value) {
        return letters + ":" + effectiveType(value) + ":" + value;
    }

    /** The JSON {@code {"type":…,"value":…}} object for {@code value}. */
    String jsonValue(String value) {
        String t = effectiveType(value);
        String v = t.equals("str") ? jsonString(value) : value;
        return "{\"type\":\"" + t + "\",\"value\":" + v + "}";
    }

    private String effectiveType(String value) {
        if (numeric() && !isInteger(value)) {
            return "str";
        }
        return type;
    }

    private static boolean isInteger(String v) {
        if (v.isEmpty() || v.length() > 20) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!(ch >= '0' && ch <= '9') && !(i == 0 && ch == '-' && v.length() > 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} as a JSON string literal (quotes, backslashes and control characters escaped). */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String origin(char c) {
        return switch (c) {
            case 'M' -> "Metric";
            case 'S' -> "Status";
            case 'K' -> "Key";
            case 'C' -> "Config";
            case 'P' -> "Product";
            default -> "Unknown";
        };
    }

    private static String nature(char c) {
        return switch (c) {
            case 'G' -> "Gauge";
            case 'L' -> "Limit";
            case 'm' -> "Min";
            case 'M' -> "Max";
            case 'R' -> "Rate";
            case 'C' -> "Counter";
            case 'D' -> "Duration";
            case 'A' -> "Age";
            case 'T' -> "Time";
            case 'N' -> "Name";
            case 'O' -> "Output";
            case 'a' -> "Avg";
            default -> "Unknown";
        };
    }

    private static String scope(char c) {
        return switch (c) {
            case 'P' -> "Process";
            case 'S' -> "Service";
            case 's' -> "System";
            case 'C' -> "Cluster";
            default -> "Unknown";
        };
    }
}

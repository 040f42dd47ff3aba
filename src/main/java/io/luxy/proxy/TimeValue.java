package io.luxy.proxy;

/** HAProxy's time format (doc/configuration.txt 2.5): a number with us, ms, s, m, h or d; ms by default. */
final class TimeValue {

    private TimeValue() {
    }

    static long parseMillis(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return 0;
        }
        long v = Long.parseLong(text.substring(0, i));
        return switch (text.substring(i)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            case "h" -> v * 3_600_000;
            case "d" -> v * 86_400_000;
            default -> v;
        };
    }
}

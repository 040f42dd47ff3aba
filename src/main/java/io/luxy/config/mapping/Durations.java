package io.luxy.config.mapping;

import java.time.Duration;

import io.luxy.config.HaproxyTime;

/** Reads the time settings of {@code luxy.*}: HAProxy's format ("2s", "500ms", bare = ms) or ISO-8601 ("PT2S"). */
public final class Durations {

    private Durations() {
    }

    /** Milliseconds of {@code value}; {@code property} names it in the error for an invalid value. */
    public static long millis(String property, String value) {
        String t = value.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t).toMillis();
        }
        HaproxyTime.Result r = HaproxyTime.parseMillis(t);
        if (!r.ok()) {
            throw new IllegalArgumentException(property + ": invalid time '" + value + "'");
        }
        return r.value();
    }
}

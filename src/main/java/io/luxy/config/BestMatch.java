package io.luxy.config;

import java.util.Locale;

/**
 * Port of HAProxy's {@code cfg_find_best_match()} (src/cfgparse.c) with
 * {@code make_word_fingerprint()} / {@code word_fingerprint_distance()} (src/tools.c): each word
 * is summarized by its character-class transitions, and the candidate at the smallest L1
 * distance wins (first one on ties), unless the distance exceeds twice either word's length.
 */
public final class BestMatch {

    private BestMatch() {
    }

    /** The candidate that looks closest to {@code word}, or null when none is close enough. */
    public static String find(String word, Iterable<String> candidates) {
        int[] wordSig = fingerprint(word);
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int dist = distance(wordSig, fingerprint(candidate));
            if (dist < bestDist) {
                bestDist = dist;
                best = candidate;
            }
        }
        if (bestDist > 2 * utf8Length(word) || (best != null && bestDist > 2 * utf8Length(best))) {
            return null;
        }
        return best;
    }

    /** {@code make_word_fingerprint()}: a 1024-entry table indexed 32*from+to (1..26 letters, 27 digits, 28 other/begin/end). */
    public static int[] fingerprint(String word) {
        int[] fp = new int[1024];
        int from = 28;
        for (byte b : word.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            int lower = c < 128 ? Character.toLowerCase((char) c) : c;
            int to;
            if (lower >= 'a' && lower <= 'z') {
                to = lower - 'a' + 1;
            } else if (lower >= '0' && lower <= '9') {
                to = 27;
            } else {
                to = 28;
            }
            fp[to] = 1;
            fp[32 * from + to] = (fp[32 * from + to] + 1) & 0xff;
            from = to;
        }
        fp[32 * from + 28] = (fp[32 * from + 28] + 1) & 0xff;
        return fp;
    }

    /** {@code word_fingerprint_distance()}: the sum of absolute differences. */
    public static int distance(int[] a, int[] b) {
        int dist = 0;
        for (int i = 0; i < 1024; i++) {
            dist += Math.abs(a[i] - b[i]);
        }
        return dist;
    }

    private static int utf8Length(String s) {
        return s.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}

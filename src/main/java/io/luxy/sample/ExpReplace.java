package io.luxy.sample;

import java.util.regex.Matcher;

/**
 * HAProxy's {@code exp_replace} (src/regex.c): builds a replacement from {@code subst} where
 * {@code \0}..{@code \9} insert the match's groups and {@code \\} a backslash; other text is
 * literal. Used by {@code regsub} and {@code replace-header}/{@code replace-value}/{@code replace-uri}.
 */
public final class ExpReplace {

    private ExpReplace() {
    }

    /** Appends {@code subst} with group references resolved against {@code m} to {@code out}. */
    public static void append(StringBuilder out, String subst, Matcher m) {
        for (int i = 0; i < subst.length(); i++) {
            char c = subst.charAt(i);
            if (c == '\\' && i + 1 < subst.length()) {
                char d = subst.charAt(i + 1);
                if (d >= '0' && d <= '9') {
                    int g = d - '0';
                    if (g <= m.groupCount() && m.group(g) != null) {
                        out.append(m.group(g));
                    }
                    i++;
                    continue;
                }
                if (d == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
    }
}

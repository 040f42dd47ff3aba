package io.luxy.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders diagnostics as HAProxy 2.6 prints them with {@code -c}: on stderr,
 * {@code [ALERT]    (pid) : config : …} / {@code [WARNING]  (pid) : config : …}, an
 * {@code Error(s) found in configuration file : F} line after each file with parsing alerts, and
 * {@code Fatal errors found in configuration.} at the end; on stdout,
 * {@code Warnings were found.} and {@code Configuration file is valid} (src/haproxy.c).
 */
public final class HaproxyDiagnosticsPrinter {

    private HaproxyDiagnosticsPrinter() {
    }

    /** The stderr lines (without line terminators) for {@code diag}, as process {@code pid} would print them. */
    public static List<String> stderr(Diagnostics diag, long pid) {
        List<String> out = new ArrayList<>();
        List<Diagnostic> all = diag.all();
        for (int i = 0; i < all.size(); i++) {
            Diagnostic d = all.get(i);
            out.add(prefix(d.level(), pid) + "config : " + d.text());
            if (d.fromParsing() && endsFileWithAlerts(all, i)) {
                out.add(prefix(Diagnostic.Level.ALERT, pid) + "config : Error(s) found in configuration file : " + d.location().file());
            }
        }
        if (diag.hasAlerts() && !diag.aborted()) {
            out.add(prefix(Diagnostic.Level.ALERT, pid) + "config : Fatal errors found in configuration.");
        }
        return out;
    }

    /** The stdout lines of {@code haproxy -c}: nothing when refused, else the warning note and the verdict. */
    public static List<String> stdout(Diagnostics diag) {
        if (diag.hasAlerts()) {
            return List.of();
        }
        return diag.warnings().isEmpty() ? List.of("Configuration file is valid")
                : List.of("Warnings were found.", "Configuration file is valid");
    }

    /** {@code [ALERT]    (pid) : }, padded as HAProxy's {@code print_message()} does. */
    static String prefix(Diagnostic.Level level, long pid) {
        String tag = "[" + level.name() + "]";
        return tag + " ".repeat(Math.max(1, 11 - tag.length())) + "(" + pid + ") : ";
    }

    /** True when entry {@code i} is the last parsing message of its file and that file has a parsing alert. */
    private static boolean endsFileWithAlerts(List<Diagnostic> all, int i) {
        String file = all.get(i).location().file();
        for (int j = i + 1; j < all.size(); j++) {
            Diagnostic next = all.get(j);
            if (next.fromParsing() && next.location().file().equals(file)) {
                return false;
            }
        }
        return all.stream().anyMatch(d -> d.fromParsing() && d.level() == Diagnostic.Level.ALERT && d.location().file().equals(file));
    }
}

package io.luxy.reload;

import java.util.EnumSet;
import java.util.List;

import io.luxy.config.Directive;
import io.luxy.config.HaproxyTime;
import io.luxy.config.KeywordRegistry;
import io.luxy.config.SectionKind;

/**
 * The global keywords of soft-stop and reload: {@code hard-stop-after <time>}, the longest a
 * retiring generation (reload) or the process (SIGTERM) waits for connections to end.
 * HAProxy doc/configuration.txt 3.1 hard-stop-after.
 */
public final class ReloadKeywords {

    private ReloadKeywords() {
    }

    /** Registers {@code hard-stop-after} in the global section. */
    public static void register(KeywordRegistry r) {
        r.register(EnumSet.of(SectionKind.GLOBAL), "hard-stop-after", (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.alert(d.location(), "'" + d.keyword() + "' expects <time> as argument.");
            } else {
                HaproxyTime.Result t = HaproxyTime.parseMillis(d.arg(0));
                if (t.overflow()) {
                    diag.alert(d.location(), "timer overflow in argument '" + d.arg(0) + "' to '" + d.keyword()
                            + "' (maximum value is 2147483647 ms or ~24.8 days)");
                } else if (!t.ok()) {
                    diag.alert(d.location(), "unexpected character '" + d.arg(0).charAt(Math.max(0, t.errorIndex()))
                            + "' in argument to <" + d.keyword() + ">.");
                }
            }
        });
    }

    /** The {@code hard-stop-after} time in milliseconds, or {@code otherwise} when not set. */
    public static long hardStopAfter(List<Directive> global, long otherwise) {
        for (Directive d : global) {
            if (d.keyword().equals("hard-stop-after") && d.arg(0) != null) {
                HaproxyTime.Result r = HaproxyTime.parseMillis(d.arg(0));
                if (r.ok()) {
                    return r.value();
                }
            }
        }
        return otherwise;
    }
}

package io.luxy.lua;

import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.HaproxyTime;
import io.luxy.config.KeywordRegistry;
import io.luxy.config.SectionKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The Lua keywords of the {@code global} section (lua-load, lua-load-per-thread, lua-prepend-path,
 * tune.lua.*, including HAProxy 3.4's tune.lua.openlibs), checked with HAProxy's messages from src/hlua.c ({@code cfg_kws} at hlua.c:13188).
 * {@code tune.lua.burst-timeout} and {@code tune.lua.log.*} come from HAProxy 2.9+/3.x.
 */
public final class LuaKeywords {

    private LuaKeywords() {
    }

    /** Registers the Lua global keywords into {@code r}. */
    public static void register(KeywordRegistry r) {
        Set<SectionKind> g = EnumSet.of(SectionKind.GLOBAL);
        r.register(g, "lua-load", (d, s, diag) -> load(d, diag, "'lua-load' expects a file name as parameter."));
        r.register(g, "lua-load-per-thread", (d, s, diag) -> load(d, diag, "'lua-load-per-thread' expects a file as parameter."));
        r.register(g, "lua-prepend-path", (d, s, diag) -> {
            if (d.arg(0) == null || d.arg(0).isEmpty()) {
                diag.alert(d.location(), "'lua-prepend-path' expects to receive a <path> as argument");
            } else if (d.arg(1) != null && !d.arg(1).equals("path") && !d.arg(1).equals("cpath")) {
                diag.alert(d.location(), "'lua-prepend-path' expects <type> to either be 'path' or 'cpath'");
            }
        });
        // hlua_forced_yield: strtoll with an end check. A missing or negative value is accepted
        // (2.6.12: no forced yield then).
        r.register(g, "tune.lua.forced-yield", (d, s, diag) -> {
            if (d.arg(0) != null && !d.arg(0).strip().matches("([-+]?\\d+)?")) {
                diag.alert(d.location(), "tune.lua.forced-yield: invalid number");
            }
        });
        r.register(g, "tune.lua.maxmem", (d, s, diag) -> {
            String v = d.arg(0);
            if (v == null || v.isEmpty()) {
                diag.alert(d.location(), "'tune.lua.maxmem' expects an integer argument (Lua memory size in MB).");
                return;
            }
            int i = 0;
            while (i < v.length() && Character.isDigit(v.charAt(i))) {
                i++;
            }
            if (i < v.length()) {
                diag.alert(d.location(), "tune.lua.maxmem: invalid number " + v + " (error at '" + v.charAt(i) + "')");
            }
        });
        // hlua_read_timeout: parse_time_err(args[1], TIME_UNIT_MS), so a bare number is milliseconds.
        for (String kw : List.of("tune.lua.session-timeout", "tune.lua.service-timeout", "tune.lua.task-timeout", "tune.lua.burst-timeout")) {
            r.register(g, kw, (d, s, diag) -> {
                HaproxyTime.Result t = d.arg(0) == null ? null : HaproxyTime.parseMillis(d.arg(0));
                if (t != null && t.overflow()) {
                    diag.alert(d.location(), "timer overflow in argument <" + d.arg(0) + "> to <" + kw
                            + "> (maximum value is 2147483647 ms or ~24.8 days)");
                } else if (t == null || !t.ok()) {
                    diag.alert(d.location(), kw + ": invalid timeout");
                } else if (t.trailingWarning() != null) {
                    diag.warning(d.location(), Diagnostic.Style.NONE, t.trailingWarning());
                }
            });
        }
        r.register(g, "tune.lua.openlibs", LuaKeywords::openlibs);
        r.register(g, "tune.lua.log.loggers", (d, s, diag) -> choice(d, diag, List.of("on", "off")));
        r.register(g, "tune.lua.log.stderr", (d, s, diag) -> choice(d, diag, List.of("on", "auto", "off")));
    }

    /**
     * {@code tune.lua.openlibs all|none|lib[,lib…]} (HAProxy 3.4): must come before every
     * {@code lua-load}, {@code lua-load-per-thread} and {@code lua-prepend-path}.
     */
    private static void openlibs(Directive d, io.luxy.config.Section s, Diagnostics diag) {
        try {
            io.luxy.lua.stdlib.OpenLibs.parse(d.arg(0));
        } catch (IllegalArgumentException e) {
            diag.alert(d.location(), e.getMessage());
            return;
        }
        for (Directive before : s.directives()) {
            if (before == d) {
                break;
            }
            if (List.of("lua-load", "lua-load-per-thread", "lua-prepend-path").contains(before.keyword())) {
                diag.alert(d.location(), "'tune.lua.openlibs' must be set before any 'lua-load', 'lua-load-per-thread' or 'lua-prepend-path' (found '"
                        + before.keyword() + "' at line " + before.location().line() + ").");
                return;
            }
        }
    }

    private static void load(Directive d, Diagnostics diag, String missing) {
        String file = d.arg(0);
        if (file == null || file.isEmpty()) {
            diag.alert(d.location(), missing);
        } else if (!Files.isReadable(Path.of(file))) {
            diag.alert(d.location(), "error in Lua file '" + file + "': cannot open " + file + ": No such file or directory");
        }
    }

    private static void choice(Directive d, Diagnostics diag, List<String> allowed) {
        String v = d.arg(0) == null ? "" : d.arg(0);
        if (!allowed.contains(v)) {
            diag.alert(d.location(), "'" + d.keyword() + "' expects " + String.join(" or ", allowed.stream().map(a -> "'" + a + "'").toList())
                    + " but got '" + v + "'.");
        }
    }
}

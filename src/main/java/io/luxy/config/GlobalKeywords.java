package io.luxy.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The process-wide keywords of the {@code global} section that belong to no other package
 * (daemon, maxconn, nbthread, log, stats, user, group, chroot, pidfile…), with HAProxy 2.6's
 * messages from src/cfgparse-global.c and src/log.c.
 */
public final class GlobalKeywords {

    /** The facilities accepted by {@code log} (src/log.c {@code log_facilities}). */
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    /** The levels accepted after the facility (src/log.c {@code log_levels}). */
    static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    /** The line formats accepted by {@code log … format F} (src/log.c {@code log_formats}). */
    static final List<String> FORMATS = List.of("local", "rfc3164", "rfc5424", "priority", "short", "timed", "iso", "raw");

    private GlobalKeywords() {
    }

    /** Registers the global basics into {@code r}. */
    public static void register(KeywordRegistry r) {
        Set<SectionKind> g = EnumSet.of(SectionKind.GLOBAL);
        r.register(g, "daemon", noArgs());
        r.register(g, "quiet", noArgs());
        r.register(g, "master-worker", (d, s, diag) -> {
            if (d.arg(0) != null && !"no-exit-on-failure".equals(d.arg(0))) {
                diag.alert(d.location(), "'master-worker' only supports 'no-exit-on-failure' option.");
            }
        });
        r.register(g, "maxconn", (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.alert(d.location(), "'maxconn' expects an integer argument.");
            } else {
                tooManyArgs(d, 1, diag);
            }
        });
        r.register(g, "nbthread", (d, s, diag) -> {
            String v = d.arg(0) == null ? "" : d.arg(0);
            if (!v.matches("[0-9]+")) {
                diag.alert(d.location(), "'nbthread' passed a missing or unparsable integer value in '" + v + "'");
            } else if (v.length() > 6 || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 64) {
                diag.alert(d.location(), "'nbthread' value must be between 1 and 64 (was " + v + ")");
            }
        });
        r.register(g, "log", log("<address> and <facility>  as arguments"));
        r.register(g, "log-tag", oneArg("'log-tag' expects a tag for use in syslog."));
        r.register(g, "log-send-hostname", (d, s, diag) -> tooManyArgs(d, 1, diag));
        r.register(g, "stats", (d, s, diag) -> {
            String sub = d.arg(0) == null ? "" : d.arg(0);
            if (!List.of("socket", "maxconn", "bind-process", "timeout").contains(sub)) {
                diag.alert(d.location(), "'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got '" + sub + "')");
            }
        });
        r.register(g, "user", account("user", Path.of("/etc/passwd")));
        r.register(g, "group", account("group", Path.of("/etc/group")));
        r.register(g, "chroot", oneArg("'chroot' expects a directory as an argument."));
        r.register(g, "pidfile", oneArg("'pidfile' expects a file name as an argument."));
        r.register(g, "ssl-default-bind-options", (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.alert(d.location(), "global statement 'ssl-default-bind-options' expects an option as an argument.");
            }
        });
    }

    /** A {@code log} parser (global or proxy); {@code expects} completes "log : expects ". */
    public static KeywordParser log(String expects) {
        return (d, s, diag) -> {
            if (d.args().size() == 1 && "global".equals(d.arg(0)) && s.kind() != SectionKind.GLOBAL) {
                return;
            }
            if (d.args().size() == 1 && "disable".equals(d.arg(0)) || d.args().size() == 1 && "global".equals(d.arg(0))) {
                return;
            }
            if (d.args().size() < 2) {
                diag.alert(d.location(), "log : expects " + expects);
                return;
            }
            int at = 1;
            while (at < d.args().size() && List.of("len", "format", "sample").contains(d.arg(at))) {
                if (d.arg(at).equals("format") && !FORMATS.contains(String.valueOf(d.arg(at + 1)))) {
                    diag.alert(d.location(), "log : unknown log format '" + (d.arg(at + 1) == null ? "" : d.arg(at + 1)) + "'");
                    return;
                }
                at += 2;
            }
            String facility = d.arg(at);
            if (facility == null || !FACILITIES.contains(facility)) {
                diag.alert(d.location(), "log : unknown log facility '" + (facility == null ? "" : facility) + "'");
            } else if (d.arg(at + 1) != null && !LEVELS.contains(d.arg(at + 1))) {
                diag.alert(d.location(), "log : unknown optional log level '" + d.arg(at + 1) + "'");
            } else if (d.arg(at + 2) != null && !LEVELS.contains(d.arg(at + 2))) {
                diag.alert(d.location(), "log : unknown optional minimum log level '" + d.arg(at + 2) + "'");
            }
        };
    }

    /** alertif_too_many_args(): "'kw' cannot handle unexpected argument 'x'." when more than {@code max} arguments. */
    public static boolean tooManyArgs(Directive d, int max, Diagnostics diag) {
        if (d.args().size() > max) {
            diag.alert(d.location(), "'" + d.keyword() + "' cannot handle unexpected argument '" + d.arg(max) + "'.");
            return true;
        }
        return false;
    }

    private static KeywordParser noArgs() {
        return (d, s, diag) -> tooManyArgs(d, 0, diag);
    }

    private static KeywordParser oneArg(String missing) {
        return (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.alert(d.location(), missing);
            } else {
                tooManyArgs(d, 1, diag);
            }
        };
    }

    /** user/group: HAProxy resolves the name with getpwnam()/getgrnam(); here through /etc/passwd and /etc/group. */
    private static KeywordParser account(String what, Path db) {
        return (d, s, diag) -> {
            String name = d.arg(0) == null ? "" : d.arg(0);
            if (!known(db, name)) {
                diag.alert(d.location(), "cannot find " + what + " id for '" + name + "' (0:Success)");
            }
        };
    }

    private static boolean known(Path db, String name) {
        if (name.isEmpty()) {
            return false;
        }
        if (!Files.isReadable(db)) {
            return true;
        }
        try {
            return Files.readAllLines(db).stream().anyMatch(l -> l.startsWith(name + ":"));
        } catch (IOException e) {
            return true;
        }
    }
}

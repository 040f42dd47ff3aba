package io.luxy.proxy.check;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.KeywordParser;
import io.luxy.config.KeywordRegistry;
import io.luxy.config.Section;
import io.luxy.config.SectionKind;

/**
 * Checks {@code http-check}, {@code tcp-check} and the options {@code tcp-check} and
 * {@code allbackups} with HAProxy 2.6's messages (src/tcpcheck.c). Must be registered after the
 * proxy keywords: it wraps their {@code option} parser.
 */
public final class CheckKeywords {

    private static final Set<SectionKind> PROXIES = EnumSet.of(SectionKind.DEFAULTS, SectionKind.FRONTEND, SectionKind.BACKEND,
            SectionKind.LISTEN);
    private static final List<String> HTTP_CHECK = List.of("disable-on-404", "send-state", "comment", "connect", "send",
            "expect", "set-var-fmt(*)", "set-var(*)", "unset-var(*)");
    private static final List<String> SEND_OPTS = List.of("comment", "meth", "uri", "uri-lf", "ver", "hdr", "body", "body-lf");

    private CheckKeywords() {
    }

    /** Registers {@code http-check}, {@code tcp-check} and the options {@code tcp-check}, {@code allbackups} and {@code log-health-checks}. */
    public static void register(KeywordRegistry r) {
        r.register(PROXIES, "http-check", CheckKeywords::httpCheck);
        r.register(PROXIES, "tcp-check", CheckKeywords::tcpCheck);
        for (SectionKind k : PROXIES) {
            KeywordParser previous = r.lookup(k, "option").orElse(KeywordParser.accept());
            r.register(EnumSet.of(k), "option", (d, s, diag) -> {
                if ("tcp-check".equals(d.arg(0)) || "allbackups".equals(d.arg(0)) || "log-health-checks".equals(d.arg(0))) {
                    ownOption(d, s, diag);
                } else {
                    previous.check(d, s, diag);
                }
            });
        }
    }

    private static void ownOption(Directive d, Section s, Diagnostics diag) {
        if (s.kind() == SectionKind.FRONTEND) {
            diag.warning(d.location(), "'" + d.arg(0) + "' ignored because frontend '" + s.name() + "' has no backend capability.");
        }
        if (d.arg(1) != null) {
            diag.alert(d.location(), "'option " + d.arg(0) + "' cannot handle unexpected argument '" + d.arg(1) + "'.");
        }
    }

    private static void httpCheck(Directive d, Section s, Diagnostics diag) {
        if (s.kind() == SectionKind.FRONTEND) {
            // HAProxy 2.6 follows this warning with a second one reading "(null)"
            diag.warning(d.location(), "'http-check' ignored because frontend '" + s.name() + "' has no backend capability.");
            return;
        }
        String what = d.arg(0) == null ? "" : d.arg(0);
        switch (what) {
            case "expect" -> {
                try {
                    HealthCheckSpec.parseExpect(d, 1, true);
                } catch (IllegalArgumentException e) {
                    diag.alert(d.location(), "'http-check expect' : " + e.getMessage());
                }
            }
            case "send" -> {
                for (int i = 1; d.arg(i) != null; i += 2) {
                    String o = d.arg(i);
                    if (!SEND_OPTS.contains(o)) {
                        diag.alert(d.location(), "'http-check send' : expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', "
                                + "'body' or 'body-lf' but got '" + o + "' as argument..");
                        return;
                    }
                    if (d.arg(i + 1) == null || (o.equals("hdr") && d.arg(i + 2) == null)) {
                        diag.alert(d.location(), "'http-check send' : '" + o + "' expects " + (o.equals("hdr")
                                ? "<name> and <value> as arguments.." : "a string as argument.."));
                        return;
                    }
                    if (o.equals("hdr")) {
                        i++;
                    }
                }
            }
            case "disable-on-404", "send-state", "comment", "connect" -> {
            }
            default -> {
                if (!what.startsWith("set-var") && !what.startsWith("unset-var")) {
                    diag.alert(d.location(), "'http-check' only supports " + quote(HTTP_CHECK) + ". but got '" + what + "'");
                }
            }
        }
    }

    private static void tcpCheck(Directive d, Section s, Diagnostics diag) {
        try {
            HealthCheckSpec.tcpRule(d);
        } catch (IllegalArgumentException e) {
            diag.alert(d.location(), e.getMessage());
        }
    }

    private static String quote(List<String> words) {
        return String.join(", ", words.stream().map(w -> "'" + w + "'").toList());
    }
}

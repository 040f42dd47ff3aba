package io.luxy.runtime;

import java.util.EnumSet;
import java.util.List;

import io.luxy.config.KeywordRegistry;
import io.luxy.config.SectionKind;

/**
 * The proxy {@code stats} keyword (HAProxy doc/configuration.txt 4.2 "stats *"): accepted in
 * defaults, frontend, listen and backend sections with HAProxy's list of sub-keywords; the
 * settings are read by {@link io.luxy.proxy.StatsSettings}.
 */
public final class RuntimeKeywords {

    private static final List<String> SUBS = List.of("admin", "uri", "realm", "auth", "scope", "enable", "disable",
            "hide-version", "show-legends", "show-node", "show-desc", "refresh", "http-request", "show-modules", "bind-process");

    private RuntimeKeywords() {
    }

    /** Registers {@code stats} in the proxy sections. */
    public static void register(KeywordRegistry r) {
        r.register(EnumSet.of(SectionKind.DEFAULTS, SectionKind.FRONTEND, SectionKind.BACKEND, SectionKind.LISTEN), "stats",
                (d, s, diag) -> {
                    String sub = d.arg(0) == null ? "" : d.arg(0);
                    if (!SUBS.contains(sub)) {
                        diag.alert(d.location(), "'stats' expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', "
                                + "'hide-version', 'show-node', 'show-desc' or 'show-legends'.");
                    } else if (sub.equals("admin") && !"if".equals(d.arg(1)) && !"unless".equals(d.arg(1))) {
                        diag.alert(d.location(), "'stats admin' requires either 'if' or 'unless' followed by a condition.");
                    }
                });
    }
}

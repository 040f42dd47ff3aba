package io.luxy.proxy;

import java.util.ArrayList;
import java.util.List;

import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.proxy.rules.RuleParser;
import io.luxy.sample.Condition;

/**
 * The stats page of a frontend or listen section (HAProxy doc/configuration.txt 4.2 "stats *"):
 * {@code stats enable}, {@code stats uri} (default {@code /haproxy?stats}), {@code stats realm},
 * {@code stats auth user:password} (repeatable), {@code stats admin if|unless COND},
 * {@code stats refresh DELAY} (seconds), {@code stats hide-version}, {@code stats http-request
 * allow|deny|auth [realm R] [if|unless COND]} (refused beside {@code stats auth}/{@code realm}, as HAProxy does). Credentials are kept only
 * to compare them and are never shown.
 */
public record StatsSettings(boolean enabled, String uri, String realm, List<String> auth, Condition admin,
                            long refreshSeconds, boolean hideVersion, List<io.luxy.proxy.rules.HttpRule> rules) {

    /** No stats page. */
    public static final StatsSettings NONE = new StatsSettings(false, null, null, List.of(), null, 0, false, List.of());

    /** Settings without {@code stats http-request} rules. */
    public StatsSettings(boolean enabled, String uri, String realm, List<String> auth, Condition admin, long refreshSeconds,
            boolean hideVersion) {
        this(enabled, uri, realm, auth, admin, refreshSeconds, hideVersion, List.of());
    }

    /** HAProxy's default {@code stats uri}. */
    public static final String DEFAULT_URI = "/haproxy?stats";

    /** Reads the {@code stats} lines of {@code s} (and its defaults); conditions go through {@code parser}. */
    public static StatsSettings from(Section s, RuleParser parser, io.luxy.config.Diagnostics diag) {
        List<Directive> lines = new ArrayList<>();
        if (s.defaults() != null) {
            lines.addAll(s.defaults().all("stats"));
        }
        lines.addAll(s.all("stats"));
        if (lines.isEmpty()) {
            return NONE;
        }
        boolean enabled = false;
        String uri = DEFAULT_URI;
        String realm = null;
        List<String> auth = new ArrayList<>();
        Condition admin = null;
        long refresh = 0;
        boolean hide = false;
        List<io.luxy.proxy.rules.HttpRule> rules = new ArrayList<>();
        for (Directive d : lines) {
            String sub = d.arg(0) == null ? "" : d.arg(0);
            String v = d.arg(1);
            switch (sub) {
                case "enable" -> enabled = true;
                case "uri" -> {
                    enabled = true;
                    uri = v == null ? uri : v;
                }
                case "realm" -> {
                    enabled = true;
                    realm = v == null ? null : v.replace("\\ ", " ");
                }
                case "auth" -> {
                    enabled = true;
                    if (v != null) {
                        auth.add(v);
                    }
                }
                case "admin" -> admin = parser.condition(d, 1);
                case "http-request" -> {
                    var r = parser.statsRule(d);
                    if (r != null) {
                        rules.add(r);
                    }
                }
                case "refresh" -> {
                    enabled = true;
                    var t = v == null ? null : io.luxy.config.HaproxyTime.parseMillis(v);
                    refresh = t != null && t.ok() ? t.value() / 1000 : 0;
                }
                case "hide-version" -> {
                    enabled = true;
                    hide = true;
                }
                default -> {
                }
            }
        }
        if (!rules.isEmpty() && (!auth.isEmpty() || realm != null)) {
            diag.alert(s.location(), io.luxy.config.Diagnostic.Style.NONE, "proxy '" + s.name()
                    + "': stats 'auth'/'realm' and 'http-request' can't be used at the same time.");
        }
        return new StatsSettings(enabled, uri, realm, List.copyOf(auth), admin, refresh, hide, List.copyOf(rules));
    }

    @Override
    public String toString() {
        return "StatsSettings[enabled=" + enabled + ", uri=" + uri + ", auth=" + (auth.isEmpty() ? "none" : "****") + "]";
    }
}

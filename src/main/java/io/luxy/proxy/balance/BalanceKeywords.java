package io.luxy.proxy.balance;

import java.util.EnumSet;
import java.util.Set;

import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.KeywordRegistry;
import io.luxy.config.Section;
import io.luxy.config.SectionKind;

/**
 * Checks {@code balance} and {@code hash-type} with HAProxy 2.6's messages (src/backend.c
 * {@code backend_parse_balance}, src/cfgparse-listen.c).
 */
public final class BalanceKeywords {

    private static final Set<SectionKind> PROXIES = EnumSet.of(SectionKind.DEFAULTS, SectionKind.FRONTEND, SectionKind.BACKEND,
            SectionKind.LISTEN);

    private BalanceKeywords() {
    }

    /** Registers {@code balance} and {@code hash-type} in proxy sections. */
    public static void register(KeywordRegistry r) {
        r.register(PROXIES, "balance", BalanceKeywords::balance);
        r.register(PROXIES, "hash-type", BalanceKeywords::hashType);
        r.register(PROXIES, "hash-balance-factor", BalanceKeywords::hashBalanceFactor);
    }

    /** {@code hash-balance-factor N}: 0 (off) or above 100 (src/cfgparse-listen.c; extra words and frontends are ignored). */
    private static void hashBalanceFactor(Directive d, Section s, Diagnostics diag) {
        if (d.arg(0) == null || d.arg(0).isEmpty()) {
            diag.alert(d.location(), "'hash-balance-factor' expects an integer argument.");
            return;
        }
        int f = atoi(d.arg(0));
        if (f != 0 && f <= 100) {
            diag.alert(d.location(), "'hash-balance-factor' must be 0 or greater than 100.");
        }
    }

    /** C's atol() as HAProxy reads {@code hash-balance-factor}: leading digits, 0 when none. */
    static int atoi(String v) {
        return io.luxy.proxy.rules.RuleKeywords.atoi(v);
    }

    private static void hashType(Directive d, Section s, Diagnostics diag) {
        String m = d.arg(0);
        if (!"consistent".equals(m) && !"map-based".equals(m)) {
            diag.alert(d.location(), "'hash-type' only supports 'consistent' and 'map-based'.");
            return;
        }
        String f = d.arg(1);
        if (f == null) {
            return;
        }
        if (HashFunction.named(f, false) == null) {
            diag.alert(d.location(), "'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.");
        } else if (d.arg(2) != null && !"avalanche".equals(d.arg(2))) {
            diag.alert(d.location(), "'hash-type' only supports 'avalanche' as a modifier for hash functions.");
        }
    }

    private static void balance(Directive d, Section s, Diagnostics diag) {
        if (s.kind() != SectionKind.DEFAULTS && !s.kind().hasBackend()) {
            diag.warning(d.location(), "'balance' ignored because " + io.luxy.config.CfgParser.typeName(s.kind()) + " '" + s.name()
                    + "' has no backend capability.");
        }
        String algo = d.arg(0);
        if (algo == null) {
            return;
        }
        String err = switch (algo) {
            case "roundrobin", "static-rr", "leastconn", "first", "source", "random" -> null;
            case "hash" -> d.arg(1) == null || d.arg(1).isEmpty() ? "balance hash requires a sample expression." : null;
            case "uri" -> uriOptions(d);
            case "url_param" -> d.arg(1) == null ? "balance url_param requires an URL parameter name." : null;
            case "hdr()" -> "balance hdr requires an http header field name.";
            default -> other(algo);
        };
        if (err != null) {
            diag.alert(d.location(), err);
        }
    }

    private static String other(String algo) {
        if (algo.startsWith("hdr(") && algo.endsWith(")")) {
            return null;
        }
        if (algo.startsWith("rdp-cookie")) {
            return null;
        }
        if (algo.startsWith("random(")) {
            String n = algo.substring(7, algo.endsWith(")") ? algo.length() - 1 : algo.length());
            int i = 0;
            while (i < n.length() && Character.isDigit(n.charAt(i))) {
                i++;
            }
            if (i < n.length() || !algo.endsWith(")")) {
                char c = i < n.length() ? n.charAt(i) : ')';
                return "balance random : unexpected character '" + c + "' after argument.";
            }
            if (n.isEmpty() || Long.parseLong(n) < 1) {
                return "balance random : number of draws must be at least 1.";
            }
            return null;
        }
        return "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and "
                + "'rdp-cookie(name)' options.";
    }

    private static String uriOptions(Directive d) {
        for (int i = 1; d.arg(i) != null; i++) {
            String o = d.arg(i);
            switch (o) {
                case "whole", "path-only" -> {
                }
                case "len", "depth" -> {
                    String v = d.arg(i + 1);
                    if (v == null || !v.matches("\\d+") || Long.parseLong(v) <= 0) {
                        return "balance uri : '" + o + "' expects a positive integer (got '" + (v == null ? "" : v) + "').";
                    }
                    i++;
                }
                default -> {
                    return "balance uri only accepts parameters 'len', 'depth', 'path-only' and 'whole'.";
                }
            }
        }
        return null;
    }
}

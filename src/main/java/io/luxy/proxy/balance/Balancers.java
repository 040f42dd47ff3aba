package io.luxy.proxy.balance;

import java.util.List;

import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.proxy.Server;
import io.luxy.sample.SampleExpr;
import io.luxy.sample.SampleParseException;
import io.luxy.sample.SampleRegistry;

/**
 * Builds a backend's {@link Balancer} from {@code balance} (default roundrobin), {@code hash-type}
 * (default map-based sdbm), {@code hash-balance-factor} and {@code option allbackups}, inherited
 * from the defaults section, and registers it to hear its servers' weight and state changes.
 * HAProxy doc/configuration.txt 4.2.
 *
 * <p>{@code balance rdp-cookie[(NAME)]} hashes the RDP cookie of a TCP stream's first bytes; Luxy
 * does not inspect TCP payload, so it always takes HAProxy's fallback for a missing cookie: round
 * robin (which is also what HAProxy 2.6 does for every HTTP request, where no RDP cookie exists).
 */
public final class Balancers {

    private Balancers() {
    }

    /** The balancer of section {@code s} over {@code servers}, {@code balance hash} expressions read with the built-in fetches. */
    public static Balancer from(Section s, List<Server> servers, Diagnostics diag) {
        return from(s, servers, diag, SampleRegistry.builtin());
    }

    /**
     * The balancer of section {@code s} over {@code servers}; values were checked by
     * {@link BalanceKeywords}. {@code samples} resolves the expression of {@code balance hash};
     * an unknown fetch is an alert in HAProxy's words.
     */
    public static Balancer from(Section s, List<Server> servers, Diagnostics diag, SampleRegistry samples) {
        Directive balance = s.inherited("balance").orElse(null);
        Directive hashType = s.inherited("hash-type").orElse(null);
        boolean allBackups = s.inherited("option", "allbackups").isPresent();
        boolean consistent = hashType != null && "consistent".equals(hashType.arg(0));
        // HAProxy doc 4.2 hash-type: "consistent hash uses sdbm and avalanche if no hash function is specified"
        HashFunction fn = consistent ? HashFunction.named("sdbm", true) : HashFunction.SDBM;
        if (hashType != null && hashType.arg(1) != null) {
            HashFunction named = HashFunction.named(hashType.arg(1), "avalanche".equals(hashType.arg(2)));
            fn = named == null ? fn : named;
        }
        int factor = s.inherited("hash-balance-factor").map(d -> BalanceKeywords.atoi(d.arg(0))).orElse(0);
        HashKey key = key(balance, s, diag, samples);
        Balancer b;
        if (key != null) {
            b = new HashBalancer(servers, allBackups, key, fn, consistent, consistent ? factor : 0);
        } else {
            b = create(balance, servers, allBackups);
        }
        for (Server srv : servers) {
            srv.onChange(b::serversChanged);
        }
        return b;
    }

    private static Balancer create(Directive d, List<Server> servers, boolean allBackups) {
        String algo = d == null ? "roundrobin" : d.arg(0);
        if (algo.startsWith("random")) {
            int draws = algo.startsWith("random(") ? Integer.parseInt(algo.substring(7, algo.length() - 1)) : 2;
            return new RandomBalancer(servers, allBackups, draws);
        }
        return switch (algo) {
            case "static-rr" -> new StaticRr(servers, allBackups);
            case "leastconn" -> new LeastConn(servers, allBackups);
            case "first" -> new First(servers, allBackups);
            default -> new RoundRobin(servers, allBackups); // roundrobin, rdp-cookie (see the class comment)
        };
    }

    /** What a hashing algorithm hashes, or null for the other algorithms. */
    private static HashKey key(Directive d, Section s, Diagnostics diag, SampleRegistry samples) {
        String algo = d == null ? "roundrobin" : d.arg(0);
        if (algo.startsWith("hdr(") && algo.endsWith(")")) {
            return HashKey.header(algo.substring(4, algo.length() - 1), "use_domain_only".equals(d.arg(1)));
        }
        return switch (algo) {
            case "source" -> HashKey.source();
            case "uri" -> uri(d);
            case "url_param" -> HashKey.urlParam(d.arg(1));
            case "hash" -> expr(d, s, diag, samples);
            default -> null;
        };
    }

    private static HashKey expr(Directive d, Section s, Diagnostics diag, SampleRegistry samples) {
        try {
            return HashKey.expr(SampleExpr.parse(d.arg(1), samples));
        } catch (SampleParseException e) {
            diag.alert(d.location(), Diagnostic.Style.NONE, io.luxy.config.CfgParser.typeName(s.kind()) + " '" + s.name() + "' ["
                    + d.location() + "]: failed to parse 'balance hash' expression '" + d.arg(1) + "' in : " + e.getMessage() + ".");
            return null;
        }
    }

    private static HashKey uri(Directive d) {
        boolean whole = false;
        boolean pathOnly = false;
        int len = 0;
        int depth = 0;
        for (int i = 1; d.arg(i) != null; i++) {
            switch (d.arg(i)) {
                case "whole" -> whole = true;
                case "path-only" -> pathOnly = true;
                case "len" -> len = Integer.parseInt(d.arg(++i));
                case "depth" -> depth = Integer.parseInt(d.arg(++i));
                default -> {
                    // refused by BalanceKeywords
                }
            }
        }
        return HashKey.uri(whole, len, depth, pathOnly);
    }
}

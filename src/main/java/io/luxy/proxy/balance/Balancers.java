package io.luxy.proxy.balance;

import java.util.List;

import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.proxy.Server;

/**
 * Builds a backend's {@link Balancer} from {@code balance} (default roundrobin), {@code hash-type}
 * (default map-based sdbm) and {@code option allbackups}, inherited from the defaults section, and
 * registers it to hear its servers' weight and state changes. HAProxy doc/configuration.txt 4.2.
 */
public final class Balancers {

    private Balancers() {
    }

    /** The balancer of section {@code s} over {@code servers}; values were checked by {@link BalanceKeywords}. */
    public static Balancer from(Section s, List<Server> servers, Diagnostics diag) {
        Directive balance = s.inherited("balance").orElse(null);
        Directive hashType = s.inherited("hash-type").orElse(null);
        boolean allBackups = s.inherited("option", "allbackups").isPresent();
        boolean consistent = hashType != null && "consistent".equals(hashType.arg(0));
        HashFunction fn = HashFunction.SDBM;
        if (hashType != null && hashType.arg(1) != null) {
            boolean aval = "avalanche".equals(hashType.arg(1)) || "avalanche".equals(hashType.arg(2));
            HashFunction named = HashFunction.named("avalanche".equals(hashType.arg(1)) ? null : hashType.arg(1), aval);
            fn = named == null ? fn : named;
        }
        Balancer b = create(balance, servers, allBackups, consistent, fn);
        for (Server srv : servers) {
            srv.onChange(b::serversChanged);
        }
        return b;
    }

    private static Balancer create(Directive d, List<Server> servers, boolean allBackups, boolean consistent, HashFunction fn) {
        String algo = d == null ? "roundrobin" : d.arg(0);
        if (algo.startsWith("hdr(") && algo.endsWith(")")) {
            return new HashBalancer(servers, allBackups, HashKey.header(algo.substring(4, algo.length() - 1)), fn, consistent);
        }
        if (algo.startsWith("random")) {
            int draws = algo.startsWith("random(") ? Integer.parseInt(algo.substring(7, algo.length() - 1)) : 2;
            return new RandomBalancer(servers, allBackups, draws);
        }
        return switch (algo) {
            case "static-rr" -> new StaticRr(servers, allBackups);
            case "leastconn" -> new LeastConn(servers, allBackups);
            case "first" -> new First(servers, allBackups);
            case "source" -> new HashBalancer(servers, allBackups, HashKey.source(), fn, consistent);
            case "uri" -> uri(d, servers, allBackups, consistent, fn);
            case "url_param" -> new HashBalancer(servers, allBackups, HashKey.urlParam(d.arg(1)), fn, consistent);
            default -> new RoundRobin(servers, allBackups);
        };
    }

    private static Balancer uri(Directive d, List<Server> servers, boolean allBackups, boolean consistent, HashFunction fn) {
        boolean whole = false;
        int len = 0;
        int depth = 0;
        for (int i = 1; d.arg(i) != null; i++) {
            switch (d.arg(i)) {
                case "whole" -> whole = true;
                case "len" -> len = Integer.parseInt(d.arg(++i));
                case "depth" -> depth = Integer.parseInt(d.arg(++i));
                default -> {
                    // path-only and others: not implemented, hashed as the plain URI
                }
            }
        }
        return new HashBalancer(servers, allBackups, HashKey.uri(whole, len, depth), fn, consistent);
    }
}

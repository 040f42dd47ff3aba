package io.luxy.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A named or anonymous ACL: {@code acl NAME FETCH[,conv...] [flags] [operator] VALUES...}
 * (doc/configuration.txt 7.1). Several {@code acl} lines with the same name are ORed
 * ({@link #or}). A failed fetch never matches. Immutable, thread-safe.
 */
public final class Acl {

    /** HAProxy's predefined ACLs that Luxy can evaluate (doc 7.4, acl.c {@code default_acl_list}). */
    private static final Map<String, List<String>> PREDEFINED = Map.ofEntries(
            Map.entry("TRUE", List.of("always_true")),
            Map.entry("FALSE", List.of("always_false")),
            Map.entry("LOCALHOST", List.of("src", "127.0.0.1/8")),
            Map.entry("HTTP", List.of("req.proto_http")),
            Map.entry("METH_CONNECT", List.of("method", "CONNECT")),
            Map.entry("METH_DELETE", List.of("method", "DELETE")),
            Map.entry("METH_GET", List.of("method", "GET", "HEAD")),
            Map.entry("METH_HEAD", List.of("method", "HEAD")),
            Map.entry("METH_OPTIONS", List.of("method", "OPTIONS")),
            Map.entry("METH_POST", List.of("method", "POST")),
            Map.entry("METH_PUT", List.of("method", "PUT")),
            Map.entry("METH_TRACE", List.of("method", "TRACE")),
            Map.entry("HTTP_URL_ABS", List.of("url_reg", "^[^/:]*://")),
            Map.entry("HTTP_URL_SLASH", List.of("url_beg", "/")),
            Map.entry("HTTP_URL_STAR", List.of("url", "*")));

    private final String name;
    private final AclExpr[] exprs;

    private Acl(String name, AclExpr[] exprs) {
        this.name = name;
        this.exprs = exprs;
    }

    /**
     * Parses the words after {@code acl NAME}: {@code ["path_beg", "-i", "/api"]}; {@code name} is
     * null for an anonymous ACL. Errors use HAProxy's text, e.g.
     * {@code unknown fetch method 'foo' in ACL expression 'foo(1)'}.
     */
    public static Acl parse(String name, List<String> criterion, SampleRegistry reg) throws SampleParseException {
        if (criterion.isEmpty()) {
            throw new SampleParseException("missing ACL expression");
        }
        return new Acl(name, new AclExpr[] {AclExpr.parse(criterion, reg)});
    }

    /** A predefined ACL such as {@code TRUE}, {@code LOCALHOST} or {@code METH_GET}, or null when unknown. */
    public static Acl predefined(String name, SampleRegistry reg) {
        List<String> words = PREDEFINED.get(name);
        if (words == null) {
            return null;
        }
        try {
            return parse(name, words, reg);
        } catch (SampleParseException e) {
            throw new IllegalStateException("predefined ACL " + name + " does not parse: " + e.getMessage(), e);
        }
    }

    /** This ACL ORed with another line of the same name (HAProxy appends the expression). */
    public Acl or(Acl other) {
        AclExpr[] all = new AclExpr[exprs.length + other.exprs.length];
        System.arraycopy(exprs, 0, all, 0, exprs.length);
        System.arraycopy(other.exprs, 0, all, exprs.length, other.exprs.length);
        return new Acl(name, all);
    }

    /** The ACL name; null for an anonymous {@code { ... }} ACL. */
    public String name() {
        return name;
    }

    /** True when any expression matches on this stream. */
    public boolean test(SampleContext ctx) {
        for (AclExpr e : exprs) {
            if (e.test(ctx)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(exprs.length);
        for (AclExpr e : exprs) {
            parts.add(e.toString());
        }
        return (name == null ? "{anonymous}" : name) + parts;
    }
}

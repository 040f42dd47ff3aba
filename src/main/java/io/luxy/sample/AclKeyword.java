package io.luxy.sample;

import java.util.Map;

/**
 * An ACL keyword that is not a plain fetch name but a fetch with a forced match method, e.g.
 * {@code path_beg} = {@code path -m beg} (doc/configuration.txt 7.3.6 "ACL derivatives").
 */
record AclKeyword(String keyword, String fetchName, MatchMethod method) {

    private static final Map<String, MatchMethod> SUFFIXES = Map.of(
            "_beg", MatchMethod.BEG, "_end", MatchMethod.END, "_sub", MatchMethod.SUB, "_reg", MatchMethod.REG,
            "_dom", MatchMethod.DOM, "_dir", MatchMethod.DIR, "_len", MatchMethod.LEN);

    /** Derivable bases: the fetches HAProxy registers {@code _beg} ... {@code _len} variants for. */
    private static final java.util.Set<String> BASES = java.util.Set.of(
            "path", "url", "base", "hdr", "req.hdr", "cook", "req.cook", "urlp", "url_param");

    /** The derived keyword for {@code kw}, or null when {@code kw} is not one. */
    static AclKeyword derived(String kw) {
        if (kw.equals("hdr_ip")) {
            return new AclKeyword(kw, "hdr", MatchMethod.IP);
        }
        if (kw.equals("hdr_val") || kw.equals("urlp_val")) {
            return new AclKeyword(kw, kw.substring(0, kw.length() - 4), MatchMethod.INT);
        }
        int us = kw.lastIndexOf('_');
        if (us <= 0) {
            return null;
        }
        MatchMethod m = SUFFIXES.get(kw.substring(us));
        String base = kw.substring(0, us);
        return m != null && BASES.contains(base) ? new AclKeyword(kw, base, m) : null;
    }
}

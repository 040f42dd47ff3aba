package io.luxy.proxy.http;

import io.luxy.config.KeywordRegistry;
import io.luxy.config.SectionKind;

/**
 * The data-path keywords of proxies and global that other registrations do not cover:
 * {@code errorfile} (checked when the proxy is built, see {@link ErrorFiles#from}),
 * {@code monitor-uri}, {@code http-reuse} and global {@code tune.bufsize}, {@code tune.maxrewrite},
 * {@code tune.http.maxhdr} (read by {@link H1Limits}). Registered before the
 * proxy keywords, so a fuller check registered there wins.
 */
public final class HttpKeywords {

    private HttpKeywords() {
    }

    /** Registers the keywords. */
    public static void register(KeywordRegistry r) {
        java.util.Set<SectionKind> k = java.util.EnumSet.of(SectionKind.DEFAULTS, SectionKind.FRONTEND, SectionKind.BACKEND,
                SectionKind.LISTEN);
        {
            r.register(k, "errorfile", (d, s, diag) -> {
            });
            r.register(k, "monitor-uri", (d, s, diag) -> {
                if (d.arg(0) == null) {
                    diag.alert(d.location(), "'monitor-uri' expects an URI.");
                }
            });
            r.register(k, "http-reuse", (d, s, diag) -> {
                if (!java.util.List.of("never", "safe", "aggressive", "always").contains(String.valueOf(d.arg(0)))) {
                    diag.alert(d.location(), "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'");
                }
            });
        }
        for (String kw : java.util.List.of("tune.bufsize", "tune.maxrewrite", "tune.http.maxhdr")) {
            r.register(java.util.EnumSet.of(SectionKind.GLOBAL), kw, (d, s, diag) -> {
                if (d.arg(0) == null || !d.arg(0).matches("\\d+")) {
                    diag.alert(d.location(), "'" + kw + "' expects a positive integer argument.");
                }
            });
        }
    }
}

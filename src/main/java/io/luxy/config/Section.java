package io.luxy.config;

import java.util.List;
import java.util.Optional;

/**
 * One section of haproxy.cfg: its kind, its name (empty for global and unnamed defaults),
 * where it starts, its directives in file order, and, for proxies, the defaults section in
 * effect where it was declared (HAProxy: the last {@code defaults} above it), or null.
 */
public record Section(SectionKind kind, String name, Location location, List<Directive> directives, Section defaults) {

    public Section {
        directives = List.copyOf(directives);
    }

    /** Every directive with this keyword, in order. */
    public List<Directive> all(String keyword) {
        return directives.stream().filter(d -> d.keyword().equals(keyword)).toList();
    }

    /** The last directive with this keyword in this section only (HAProxy: the last one wins). */
    public Optional<Directive> last(String keyword) {
        for (int i = directives.size() - 1; i >= 0; i--) {
            if (directives.get(i).keyword().equals(keyword)) {
                return Optional.of(directives.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The last directive with this keyword whose first argument is {@code firstArg}
     * (e.g. {@code timeout client}), looking in this section and then in its defaults.
     */
    public Optional<Directive> inherited(String keyword, String firstArg) {
        for (int i = directives.size() - 1; i >= 0; i--) {
            Directive d = directives.get(i);
            if (d.keyword().equals(keyword) && (firstArg == null || firstArg.equals(d.arg(0)))) {
                return Optional.of(d);
            }
        }
        return defaults == null ? Optional.empty() : defaults.inherited(keyword, firstArg);
    }

    /** Like {@link #inherited(String, String)} for keywords without a sub-keyword (mode, balance…). */
    public Optional<Directive> inherited(String keyword) {
        return inherited(keyword, null);
    }
}

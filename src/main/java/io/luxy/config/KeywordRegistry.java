package io.luxy.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Section → keyword → {@link KeywordParser}, filled by the packages that implement each keyword
 * (HAProxy's {@code cfg_register_keywords()}). Keeps registration order, which decides ties in
 * the "did you mean" suggestion as in HAProxy.
 */
public final class KeywordRegistry {

    private final Map<SectionKind, Map<String, KeywordParser>> bySection = new EnumMap<>(SectionKind.class);
    private boolean acceptAll;

    /**
     * A registry that accepts every keyword without checking it: for projecting a possibly
     * invalid file onto properties, where validation is someone else's job.
     */
    public static KeywordRegistry acceptAll() {
        KeywordRegistry r = new KeywordRegistry();
        r.acceptAll = true;
        return r;
    }

    /** Registers {@code keyword} in every section of {@code where}; a later registration replaces an earlier one. */
    public KeywordRegistry register(Set<SectionKind> where, String keyword, KeywordParser parser) {
        for (SectionKind kind : where) {
            bySection.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(keyword, parser);
        }
        return this;
    }

    /** The parser of {@code keyword} in a section of this kind, if registered. */
    public Optional<KeywordParser> lookup(SectionKind section, String keyword) {
        KeywordParser p = bySection.getOrDefault(section, Map.of()).get(keyword);
        return Optional.ofNullable(p == null && acceptAll ? KeywordParser.accept() : p);
    }

    /** The keywords registered for this kind of section, in registration order. */
    public List<String> keywords(SectionKind section) {
        return new ArrayList<>(bySection.getOrDefault(section, Map.of()).keySet());
    }

    /**
     * HAProxy's suggestion for an unknown {@code word} in this section: the closest of the
     * registered keywords, then the section keywords, or null (src/cfgparse.c cfg_find_best_match).
     */
    public String bestMatch(SectionKind section, String word) {
        Set<String> candidates = new LinkedHashSet<>(keywords(section));
        if (section == SectionKind.GLOBAL) {
            candidates.addAll(List.of("global", "defaults", "listen", "frontend", "backend", "peers", "resolvers"));
        } else {
            candidates.addAll(List.of("listen", "frontend", "backend", "defaults"));
        }
        return BestMatch.find(word, candidates);
    }
}

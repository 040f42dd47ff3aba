package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.luxy.Keywords;
import java.util.List;
import org.junit.jupiter.api.Test;

class BestMatchTest {

    private final KeywordRegistry registry = Keywords.standard();

    @Test
    void shouldSuggestBackendForBacked() {
        assertEquals("backend", registry.bestMatch(SectionKind.FRONTEND, "backed"));
    }

    @Test
    void shouldSuggestDaemonForDameon() {
        assertEquals("daemon", registry.bestMatch(SectionKind.GLOBAL, "dameon"));
    }

    @Test
    void shouldSuggestNothingForUnrelatedWord() {
        assertNull(registry.bestMatch(SectionKind.GLOBAL, "bogus1"));
    }

    @Test
    void shouldPreferFirstCandidateOnTies() {
        assertEquals("abce", BestMatch.find("abcd", List.of("abce", "abcf")));
        assertNull(BestMatch.find("ba", List.of("ab")));
    }

    @Test
    void shouldMeasureDistanceAsHaproxy() {
        // backed vs backend: 'n' present, e→d replaced by e→n→d: 1 + 1 + 1 + 1
        assertEquals(4, BestMatch.distance(BestMatch.fingerprint("backed"), BestMatch.fingerprint("backend")));
        assertEquals(0, BestMatch.distance(BestMatch.fingerprint("Mode"), BestMatch.fingerprint("mode")));
    }
}

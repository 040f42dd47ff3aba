package io.luxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.luxy.Keywords;
import io.luxy.config.ConfigLoader;
import io.luxy.config.ConfigResult;
import io.luxy.config.Diagnostic;

/** {@code hard-stop-after} in the global section, as HAProxy reads it (doc/configuration.txt 3.1). */
class ReloadKeywordsTest {

    private static ConfigResult load(String text) {
        return ConfigLoader.loadText("haproxy.cfg", text, Keywords.standard(), k -> null);
    }

    @Test
    void hardStopAfter_isReadAsATime() {
        ConfigResult r = load("global\n    hard-stop-after 5s\n");
        assertFalse(r.refused(), r.diagnostics().all().toString());
        assertEquals(5000, ReloadKeywords.hardStopAfter(r.config().global(), 1));
        assertEquals(7, ReloadKeywords.hardStopAfter(load("global\n").config().global(), 7));
    }

    @Test
    void hardStopAfter_withoutTime_isRefusedWithFileAndLine() {
        ConfigResult r = load("global\n    hard-stop-after\n");
        assertTrue(r.refused());
        assertEquals("parsing [haproxy.cfg:2] : 'hard-stop-after' expects <time> as argument.",
                r.diagnostics().all().stream().map(Diagnostic::text).findFirst().orElseThrow());
        assertEquals("parsing [haproxy.cfg:2] : unexpected character 'x' in argument to <hard-stop-after>.",
                load("global\n    hard-stop-after 5x\n").diagnostics().all().stream().map(Diagnostic::text).findFirst().orElseThrow());
    }
}

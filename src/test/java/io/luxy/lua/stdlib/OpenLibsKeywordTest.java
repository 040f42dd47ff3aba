package io.luxy.lua.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.luxy.Keywords;
import io.luxy.config.ConfigLoader;
import io.luxy.config.ConfigResult;

/** {@code tune.lua.openlibs} is checked as HAProxy 3.4 does: known names, before any lua-load. */
class OpenLibsKeywordTest {

    private static ConfigResult load(String global) {
        return ConfigLoader.loadText("libs.cfg", "global\n" + global + "\n", Keywords.standard(), n -> null);
    }

    @Test
    void acceptsAllNoneAndLists() {
        assertFalse(load("    tune.lua.openlibs all").refused());
        assertFalse(load("    tune.lua.openlibs none").refused());
        assertFalse(load("    tune.lua.openlibs string,math,table,os").refused());
    }

    @Test
    void refusesUnknownLibrary() {
        ConfigResult r = load("    tune.lua.openlibs string,socket");
        assertTrue(r.refused());
        assertTrue(r.diagnostics().alerts().get(0).text().startsWith("parsing [libs.cfg:2] : 'tune.lua.openlibs': unknown library 'socket'"),
                r.diagnostics().alerts().get(0).text());
    }

    @Test
    void refusesOpenlibsAfterLuaPrependPath() {
        ConfigResult r = load("    lua-prepend-path /tmp/?.lua\n    tune.lua.openlibs none");
        assertTrue(r.refused());
        assertEquals("parsing [libs.cfg:3] : 'tune.lua.openlibs' must be set before any 'lua-load', 'lua-load-per-thread' or "
                + "'lua-prepend-path' (found 'lua-prepend-path' at line 2).", r.diagnostics().alerts().get(0).text());
    }
}

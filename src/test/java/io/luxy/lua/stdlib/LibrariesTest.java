package io.luxy.lua.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tune.lua.openlibs restricts the libraries, print goes to the log category luxy.lua,
 * os.exit raises an error, and require honours lua-prepend-path.
 */
class LibrariesTest {

    @TempDir
    Path dir;

    @Test
    void openlibsNoneKeepsOnlyBaseAndCoroutine() throws Exception {
        String out = LuaRunner.luxy(dir, "print(type(assert), type(coroutine.create), string, os, io, math, table, utf8, package, require, debug)",
                new LuaLibraries(OpenLibs.parse("none"), List.of(), List.of()));
        assertEquals("function\tfunction\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\n", out);
    }

    @Test
    void openlibsListLoadsOnlyTheNamedLibraries() throws Exception {
        String out = LuaRunner.luxy(dir, "print(type(string.byte), type(os.getenv), math, io, type(table.concat))",
                new LuaLibraries(OpenLibs.parse("string,table,os"), List.of(), List.of()));
        assertEquals("function\tfunction\tnil\tnil\tfunction\n", out);
    }

    @Test
    void openlibsRefusesUnknownNamesAndNoneMixedWithNames() {
        assertEquals(OpenLibs.ALL, OpenLibs.parse("all"));
        assertEquals(Set.of("io", "os"), OpenLibs.parse("io,os"));
        assertThrows(IllegalArgumentException.class, () -> OpenLibs.parse("string,sockets"));
        assertThrows(IllegalArgumentException.class, () -> OpenLibs.parse("none,string"));
    }

    @Test
    void printWritesToTheLuaLogCategory() throws Exception {
        assertEquals("a\t1\tnil\ttrue\n", LuaRunner.luxy(dir, "print('a', 1, nil, true)", LuaLibraries.DEFAULT));
    }

    @Test
    void osExitRaisesALuaErrorInsteadOfStoppingTheJvm() throws Exception {
        String out = LuaRunner.luxy(dir, "print(pcall(os.exit, 1))", LuaLibraries.DEFAULT);
        assertTrue(out.startsWith("false\t") && out.contains("os.exit is not allowed"), out);
    }

    @Test
    void requireSearchesPrependedPathsLaterFirst() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("mod.lua"), "return 'from a'");
        Files.writeString(b.resolve("mod.lua"), "return 'from b'");
        String out = LuaRunner.luxy(dir, "print(require('mod'), package.path:sub(1, 1) == '/')",
                new LuaLibraries(OpenLibs.ALL, List.of(a + "/?.lua", b + "/?.lua"), List.of()));
        assertEquals("from b\ttrue\n", out);
    }
}

package io.luxy.lua.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lua 5.3 syntax that LuaJ cannot parse is refused at load with a plain message naming the
 * operator and line; {@code \\u{XXX}} escapes are decoded; goto and hex floats work.
 */
class Lua53SyntaxTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "local a = 7 // 2;'//' (integer division)",
        "local a = 6 & 3;'&' (bitwise and)",
        "local a = 6 | 3;'|' (bitwise or)",
        "local a = 6 ~ 3;'~' (bitwise xor)",
        "local a = ~6;'~' (bitwise not)",
        "local a = 1 << 4;'<<' (shift left)",
        "local a = 256 >> 4;'>>' (shift right)"
    })
    void lua53OperatorIsRefusedWithAPlainMessage(String code, String op) throws Exception {
        String out = LuaRunner.luxy(dir, "local x = 1\n" + code + "\n", LuaLibraries.DEFAULT);
        assertTrue(out.startsWith("LOAD ERROR: error in Lua file 'snippet.lua': "), out);
        assertTrue(out.contains("(Lua 5.3 operator " + op + " is not supported by LuaJ, line 2)"), out);
    }

    @Test
    void unicodeEscapesAreDecodedInQuotedStringsOnly() throws Exception {
        String out = LuaRunner.luxy(dir, "print('\\u{48}\\u{20AC}', \"\\u{1F600}\", '\\\\u{41}', [[\\u{41}]]) -- \\u{41}", LuaLibraries.DEFAULT);
        assertEquals("H€\t\uD83D\uDE00\t\\u{41}\t\\u{41}\n", out);
    }

    @Test
    void gotoAndHexFloatsWork() throws Exception {
        String out = LuaRunner.luxy(dir, "for i = 1, 3 do if i == 2 then goto continue end print(i) ::continue:: end print(0x1p4, 0xA.8p0)",
                LuaLibraries.DEFAULT);
        assertEquals("1\n3\n16\t10.5\n", out);
    }
}

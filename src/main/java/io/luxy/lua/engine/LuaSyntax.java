package io.luxy.lua.engine;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes LuaJ's parse errors say plainly when a script uses Lua 5.3 syntax that LuaJ (Lua 5.2)
 * cannot parse: integer division {@code //} and the bitwise operators (TOOLCHAIN.md 4e).
 */
final class LuaSyntax {

    private static final Pattern LINE = Pattern.compile(":(\\d+):");

    private LuaSyntax() {
    }

    static String explain(String luajMessage, byte[] code) {
        if (luajMessage == null) {
            return "syntax error";
        }
        Matcher m = LINE.matcher(luajMessage);
        if (!m.find()) {
            return luajMessage;
        }
        int line = Integer.parseInt(m.group(1));
        String text = lineOf(code, line);
        String op = lua53Operator(text);
        return op == null ? luajMessage : luajMessage + " (Lua 5.3 operator '" + op + "' is not supported by LuaJ, line " + line + ")";
    }

    private static String lineOf(byte[] code, int line) {
        String[] lines = new String(code, StandardCharsets.UTF_8).split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    private static String lua53Operator(String line) {
        String code = line.replaceAll("--.*$", "").replaceAll("\"[^\"]*\"|'[^']*'", "");
        for (String op : new String[] {"//", "<<", ">>", "&", "|", "~"}) {
            if (op.equals("~") ? code.replace("~=", "").contains("~") : code.contains(op)) {
                return op;
            }
        }
        return null;
    }
}

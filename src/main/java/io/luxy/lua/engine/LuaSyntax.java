package io.luxy.lua.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lua 5.3 syntax that LuaJ 3.0.1 (Lua 5.2) cannot parse, measured one construct at a time
 * (TOOLCHAIN.md 4e): integer division {@code //}, bitwise and {@code &}, or {@code |}, xor
 * {@code ~}, not (unary {@code ~}), shifts {@code <<} and {@code >>}. Their parse errors get
 * a plain explanation ("Lua 5.3 operator '//' (integer division) is not supported by LuaJ,
 * line N"). <code>&#92;u{XXX}</code> escapes, which LuaJ would silently keep as the text {@code u{XXX}},
 * are rewritten to their UTF-8 bytes before compiling. {@code goto}, {@code _ENV} and hex floats
 * work in LuaJ; integer literals beyond 2^53 silently become doubles (no integer subtype).
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
        return op == null ? luajMessage : luajMessage + " (Lua 5.3 operator " + op + " is not supported by LuaJ, line " + line + ")";
    }

    private static String lineOf(byte[] code, int line) {
        String[] lines = new String(code, StandardCharsets.UTF_8).split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    private static String lua53Operator(String line) {
        String code = line.replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'", "\"\"").replaceAll("--.*$", "");
        if (code.contains("//")) {
            return "'//' (integer division)";
        }
        if (code.contains("<<")) {
            return "'<<' (shift left)";
        }
        if (code.contains(">>")) {
            return "'>>' (shift right)";
        }
        if (code.contains("&")) {
            return "'&' (bitwise and)";
        }
        if (code.contains("|")) {
            return "'|' (bitwise or)";
        }
        Matcher tilde = Pattern.compile("~(?!=)").matcher(code);
        if (tilde.find()) {
            String before = code.substring(0, tilde.start()).stripTrailing();
            boolean unary = before.isEmpty() || "=(,{[+-*/%^<>~&|".indexOf(before.charAt(before.length() - 1)) >= 0
                    || before.matches(".*\\b(return|and|or|not|in|do|then)$");
            return unary ? "'~' (bitwise not)" : "'~' (bitwise xor)";
        }
        return null;
    }

    /**
     * Rewrites Lua 5.3 <code>&#92;u{XXX}</code> escapes inside quoted strings to {@code \ddd} byte
     * escapes of their UTF-8 encoding; comments and long strings are left alone. Line numbers
     * do not change.
     */
    static byte[] rewriteUnicodeEscapes(byte[] code) {
        if (indexOf(code, "\\u{") < 0) {
            return code;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(code.length);
        int i = 0;
        int n = code.length;
        while (i < n) {
            byte c = code[i];
            if (c == '-' && i + 1 < n && code[i + 1] == '-') {
                int lvl = longBracket(code, i + 2);
                int end = lvl >= 0 ? closeLong(code, i + 2, lvl) : lineEnd(code, i);
                out.write(code, i, end - i);
                i = end;
            } else if (c == '[' && longBracket(code, i) >= 0) {
                int end = closeLong(code, i, longBracket(code, i));
                out.write(code, i, end - i);
                i = end;
            } else if (c == '"' || c == '\'') {
                out.write(c);
                i++;
                while (i < n && code[i] != c && code[i] != '\n') {
                    if (code[i] == '\\' && i + 2 < n && code[i + 1] == 'u' && code[i + 2] == '{') {
                        int close = i + 3;
                        while (close < n && close - i < 12 && isHex(code[close])) {
                            close++;
                        }
                        if (close < n && code[close] == '}' && close > i + 3) {
                            long cp = Long.parseLong(new String(code, i + 3, close - i - 3, StandardCharsets.US_ASCII), 16);
                            if (cp <= 0x7FFFFFFFL) {
                                for (byte b : utf8(cp)) {
                                    out.writeBytes(("\\" + (b & 0xff)).getBytes(StandardCharsets.US_ASCII));
                                }
                                i = close + 1;
                                continue;
                            }
                        }
                    }
                    if (code[i] == '\\' && i + 1 < n) {
                        out.write(code[i++]);
                    }
                    out.write(code[i++]);
                }
                if (i < n && code[i] == c) {
                    out.write(code[i++]);
                }
            } else {
                out.write(c);
                i++;
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static byte[] utf8(long x) {
        if (x < 0x80) {
            return new byte[] {(byte) x};
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int[] bytes = new int[6];
        int len = 0;
        long mfb = 0x3f;
        do {
            bytes[len++] = (int) (0x80 | (x & 0x3f));
            x >>= 6;
            mfb >>= 1;
        } while (x > mfb);
        o.write((int) ((~mfb << 1) | x) & 0xff);
        for (int k = len - 1; k >= 0; k--) {
            o.write(bytes[k]);
        }
        return o.toByteArray();
    }

    private static int longBracket(byte[] code, int i) {
        if (i >= code.length || code[i] != '[') {
            return -1;
        }
        int j = i + 1;
        int lvl = 0;
        while (j < code.length && code[j] == '=') {
            j++;
            lvl++;
        }
        return j < code.length && code[j] == '[' ? lvl : -1;
    }

    private static int closeLong(byte[] code, int i, int lvl) {
        String close = "]" + "=".repeat(lvl) + "]";
        int at = indexOf(code, close, i + 2 + lvl);
        return at < 0 ? code.length : at + close.length();
    }

    private static int lineEnd(byte[] code, int i) {
        while (i < code.length && code[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] code, String s) {
        return indexOf(code, s, 0);
    }

    private static int indexOf(byte[] code, String s, int from) {
        byte[] p = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= code.length - p.length; i++) {
            for (int k = 0; k < p.length; k++) {
                if (code[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

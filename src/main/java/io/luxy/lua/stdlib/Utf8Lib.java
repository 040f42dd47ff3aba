package io.luxy.lua.stdlib;

import java.io.ByteArrayOutputStream;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.3's {@code utf8} library (lutf8lib.c): char, charpattern, codes, codepoint, len,
 * offset. Code points up to 0x10FFFF; strict decoding (no overlong forms).
 */
final class Utf8Lib {

    private static final int MAXUNICODE = 0x10FFFF;

    private Utf8Lib() {
    }

    static LuaTable create() {
        LuaTable u = new LuaTable();
        u.set("charpattern", LuaString.valueUsing(new byte[] {'[', 0, '-', 0x7F, (byte) 0xC2, '-', (byte) 0xF4, ']',
            '[', (byte) 0x80, '-', (byte) 0xBF, ']', '*'}));
        u.set("char", Fn.of("char", Utf8Lib::chars));
        u.set("codepoint", Fn.of("codepoint", Utf8Lib::codepoint));
        u.set("len", Fn.of("len", Utf8Lib::len));
        u.set("offset", Fn.of("offset", Utf8Lib::offset));
        LuaValue iter = Fn.of("codes_iter", Utf8Lib::iterate);
        u.set("codes", Fn.of("codes", a -> {
            a.checkstring(1);
            return LuaValue.varargsOf(iter, a.arg1(), LuaValue.ZERO);
        }));
        return u;
    }

    private static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, b.length);
        return b;
    }

    /** Decodes at {@code i}; returns {code, length} or null when invalid. */
    private static int[] decode(byte[] s, int i) {
        int c = s[i] & 0xff;
        if (c < 0x80) {
            return new int[] {c, 1};
        }
        int count = 0;
        int res = 0;
        int[] limits = {~0, 0x80, 0x800, 0x10000};
        for (; (c & 0x40) != 0; c <<= 1) {
            count++;
            if (i + count >= s.length) {
                return null;
            }
            int cc = s[i + count] & 0xff;
            if ((cc & 0xC0) != 0x80) {
                return null;
            }
            res = (res << 6) | (cc & 0x3F);
        }
        res |= (c & 0x7F) << (count * 5);
        if (count > 3 || res > MAXUNICODE || res < limits[count]) {
            return null;
        }
        return new int[] {res, count + 1};
    }

    private static Varargs chars(Varargs a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= a.narg(); i++) {
            long code = StringFormat.integerArg(a, i);
            if (code < 0 || code > MAXUNICODE) {
                throw new LuaError("bad argument #" + i + " to 'char' (value out of range)");
            }
            encode(out, (int) code);
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    static void encode(ByteArrayOutputStream out, int x) {
        if (x < 0x80) {
            out.write(x);
        } else if (x < 0x800) {
            out.write(0xC0 | (x >> 6));
            out.write(0x80 | (x & 0x3F));
        } else if (x < 0x10000) {
            out.write(0xE0 | (x >> 12));
            out.write(0x80 | ((x >> 6) & 0x3F));
            out.write(0x80 | (x & 0x3F));
        } else {
            out.write(0xF0 | (x >> 18));
            out.write(0x80 | ((x >> 12) & 0x3F));
            out.write(0x80 | ((x >> 6) & 0x3F));
            out.write(0x80 | (x & 0x3F));
        }
    }

    private static Varargs codepoint(Varargs a) {
        byte[] s = bytes(a.checkstring(1));
        long posi = StringFunctions.posrelat(a.optlong(2, 1), s.length);
        long pose = StringFunctions.posrelat(a.optlong(3, posi), s.length);
        if (posi < 1) {
            throw new LuaError("bad argument #2 to 'codepoint' (out of range)");
        }
        if (pose > s.length) {
            throw new LuaError("bad argument #3 to 'codepoint' (out of range)");
        }
        if (posi > pose) {
            return LuaValue.NONE;
        }
        java.util.List<LuaValue> out = new java.util.ArrayList<>();
        int i = (int) posi - 1;
        while (i < pose) {
            int[] d = decode(s, i);
            if (d == null) {
                throw new LuaError("invalid UTF-8 code");
            }
            out.add(LuaValue.valueOf(d[0]));
            i += d[1];
        }
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static Varargs len(Varargs a) {
        byte[] s = bytes(a.checkstring(1));
        long posi = StringFunctions.posrelat(a.optlong(2, 1), s.length);
        long posj = StringFunctions.posrelat(a.optlong(3, -1), s.length);
        if (posi < 1 || posi - 1 > s.length) {
            throw new LuaError("bad argument #2 to 'len' (initial position out of string)");
        }
        if (posj > s.length) {
            throw new LuaError("bad argument #3 to 'len' (final position out of string)");
        }
        int n = 0;
        int i = (int) posi - 1;
        while (i < posj) {
            int[] d = decode(s, i);
            if (d == null) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(i + 1));
            }
            i += d[1];
            n++;
        }
        return LuaValue.valueOf(n);
    }

    private static boolean iscont(byte[] s, int i) {
        return i < s.length && (s[i] & 0xC0) == 0x80;
    }

    private static Varargs offset(Varargs a) {
        byte[] s = bytes(a.checkstring(1));
        long n = a.checklong(2);
        long defi = n >= 0 ? 1 : s.length + 1;
        long posi = StringFunctions.posrelat(a.optlong(3, defi), s.length);
        if (posi < 1 || posi - 1 > s.length) {
            throw new LuaError("bad argument #3 to 'offset' (position out of range)");
        }
        int p = (int) posi - 1;
        if (n == 0) {
            while (p > 0 && iscont(s, p)) {
                p--;
            }
            return LuaValue.valueOf(p + 1);
        }
        if (iscont(s, p)) {
            throw new LuaError("initial position is a continuation byte");
        }
        if (n < 0) {
            while (n < 0 && p > 0) {
                do {
                    p--;
                } while (p > 0 && iscont(s, p));
                n++;
            }
        } else {
            n--;
            while (n > 0 && p < s.length) {
                do {
                    p++;
                } while (iscont(s, p));
                n--;
            }
        }
        return n == 0 ? LuaValue.valueOf(p + 1) : LuaValue.NIL;
    }

    private static Varargs iterate(Varargs a) {
        byte[] s = bytes(a.checkstring(1));
        int i = a.checkint(2) - 1;
        if (i < 0) {
            i = 0;
        } else if (i < s.length) {
            i++;
            while (iscont(s, i)) {
                i++;
            }
        }
        if (i >= s.length) {
            return LuaValue.NONE;
        }
        int[] d = decode(s, i);
        if (d == null || iscont(s, i + d[1])) {
            throw new LuaError("invalid UTF-8 code");
        }
        return LuaValue.varargsOf(LuaValue.valueOf(i + 1), LuaValue.valueOf(d[0]));
    }

}

package io.luxy.lua.stdlib;

import java.util.function.IntFunction;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.3's {@code string.find/match/gmatch/gsub} (on {@link LuaPattern}), {@code string.rep}
 * with its separator, and the installation of {@link StringFormat} and {@link StringPack} into
 * the {@code string} table. Functions whose result grows with their arguments
 * ({@code rep}, {@code gsub}, {@code upper}, {@code lower}, {@code reverse}, {@code byte})
 * {@linkplain Reserve reserve} its size first ({@code tune.lua.maxmem}); {@code upper} and
 * {@code lower} change ASCII letters only, byte by byte, as Lua does in the C locale.
 */
final class StringFunctions {

    private StringFunctions() {
    }

    /** Replaces or adds the Lua 5.3 functions in {@code string}. */
    static void install(LuaTable string) {
        string.set("find", Fn.of("find", a -> find(a, true)));
        string.set("match", Fn.of("match", a -> find(a, false)));
        string.set("gmatch", Fn.of("gmatch", StringFunctions::gmatch));
        string.set("gsub", Fn.of("gsub", StringFunctions::gsub));
        string.set("rep", Fn.of("rep", StringFunctions::rep));
        string.set("format", Fn.of("format", StringFormat::format));
        string.set("pack", Fn.of("pack", StringPack::pack));
        string.set("unpack", Fn.of("unpack", StringPack::unpack));
        string.set("packsize", Fn.of("packsize", StringPack::packsize));
        string.set("upper", Fn.of("upper", a -> changeCase(a.arg1().checkstring(), 'a', 'z')));
        string.set("lower", Fn.of("lower", a -> changeCase(a.arg1().checkstring(), 'A', 'Z')));
        LuaValue reverse = string.get("reverse");
        string.set("reverse", Fn.of("reverse", a -> {
            if (a.arg1() instanceof LuaString s) {
                Reserve.bytes(s.m_length);
            }
            return reverse.invoke(a);
        }));
        LuaValue bytes = string.get("byte");
        string.set("byte", Fn.of("byte", a -> {
            if (a.arg1() instanceof LuaString s && a.arg(2).isnumber() && a.arg(3).isnumber()) {
                long i = Math.max(1, posrelat(a.arg(2).tolong(), s.m_length));
                long j = Math.min(s.m_length, posrelat(a.arg(3).tolong(), s.m_length));
                Reserve.refs(j - i + 1);
            }
            return bytes.invoke(a);
        }));
    }

    /**
     * {@code string.upper}/{@code lower} as Lua 5.3 in the C locale (HAProxy's): each byte in
     * {@code from..to} flips case, every other byte is kept. LuaJ decoded the string as UTF-8
     * and used Java's case mapping, which changed non-ASCII text and binary data.
     */
    private static LuaString changeCase(LuaString s, char from, char to) {
        Reserve.bytes(s.m_length);
        byte[] b = new byte[s.m_length];
        for (int i = 0; i < b.length; i++) {
            byte c = s.m_bytes[s.m_offset + i];
            b[i] = c >= from && c <= to ? (byte) (c ^ 0x20) : c;
        }
        return LuaString.valueUsing(b);
    }

    /** Lua's posrelat: a negative position counts from the end. */
    static long posrelat(long pos, int len) {
        if (pos >= 0) {
            return pos;
        }
        if (-pos > len) {
            return 0;
        }
        return len + pos + 1;
    }

    private static boolean noSpecials(LuaString p) {
        for (int i = 0; i < p.m_length; i++) {
            if (LuaPattern.SPECIALS.indexOf(p.m_bytes[p.m_offset + i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static Varargs find(Varargs a, boolean find) {
        LuaString s = a.checkstring(1);
        LuaString p = a.checkstring(2);
        long init = posrelat(a.optlong(3, 1), s.m_length);
        if (init < 1) {
            init = 1;
        }
        if (init > s.m_length + 1) {
            return LuaValue.NIL;
        }
        if (find && (a.toboolean(4) || noSpecials(p))) {
            int idx = s.substring((int) init - 1, s.m_length).indexOf(p, 0);
            if (idx < 0) {
                return LuaValue.NIL;
            }
            int start = (int) init + idx;
            return LuaValue.varargsOf(LuaValue.valueOf(start), LuaValue.valueOf(start + p.m_length - 1));
        }
        LuaPattern ms = new LuaPattern(s, p);
        int pi = 0;
        boolean anchor = p.m_length > 0 && p.m_bytes[p.m_offset] == '^';
        if (anchor) {
            pi = 1;
        }
        int si = (int) init - 1;
        do {
            ms.reset();
            int e = ms.match(si, pi);
            if (e != -1) {
                if (find) {
                    return LuaValue.varargsOf(LuaValue.valueOf(si + 1), LuaValue.valueOf(e), ms.captures(si, e, false));
                }
                return ms.captures(si, e, true);
            }
        } while (si++ < ms.srcEnd && !anchor);
        return LuaValue.NIL;
    }

    private static Varargs gmatch(Varargs a) {
        LuaString s = a.checkstring(1);
        LuaString p = a.checkstring(2);
        LuaPattern ms = new LuaPattern(s, p);
        return new VarArgFunction() {
            int src = 0;
            int lastmatch = -1;

            @Override
            public Varargs invoke(Varargs args) {
                for (; src <= ms.srcEnd; src++) {
                    ms.reset();
                    int e = ms.match(src, 0);
                    if (e != -1 && e != lastmatch) {
                        int start = src;
                        src = lastmatch = e;
                        return ms.captures(start, e, true);
                    }
                }
                return LuaValue.NIL;
            }
        };
    }

    private static Varargs gsub(Varargs a) {
        LuaString s = a.checkstring(1);
        LuaString p = a.checkstring(2);
        LuaValue repl = a.arg(3);
        int tr = repl.type();
        if (!(tr == LuaValue.TNUMBER || tr == LuaValue.TSTRING || tr == LuaValue.TTABLE || tr == LuaValue.TFUNCTION)) {
            throw new LuaError("bad argument #3 to 'gsub' (string/function/table expected, got "
                    + (a.narg() < 3 ? "no value" : repl.typename()) + ")");
        }
        long maxS = a.optlong(4, (long) s.m_length + 1);
        boolean anchor = p.m_length > 0 && p.m_bytes[p.m_offset] == '^';
        int pi = anchor ? 1 : 0;
        LuaPattern ms = new LuaPattern(s, p);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(s.m_length + 16);
        int src = 0;
        int lastmatch = -1;
        int n = 0;
        long grown = s.m_length + 16L;
        while (n < maxS) {
            if (b.size() >= grown) { // the buffer doubles: reserve that first
                grown = 2L * b.size();
                Reserve.bytes(grown);
            }
            ms.reset();
            int e = ms.match(src, pi);
            if (e != -1 && e != lastmatch) {
                n++;
                addValue(ms, b, src, e, repl);
                src = lastmatch = e;
            } else if (src < ms.srcEnd) {
                b.write(ms.src[src++]);
            } else {
                break;
            }
            if (anchor) {
                break;
            }
        }
        if (src < ms.srcEnd) {
            b.write(ms.src, src, ms.srcEnd - src);
        }
        return LuaValue.varargsOf(LuaString.valueUsing(b.toByteArray()), LuaValue.valueOf(n));
    }

    private static void addValue(LuaPattern ms, java.io.ByteArrayOutputStream b, int s, int e, LuaValue repl) {
        LuaValue value;
        switch (repl.type()) {
            case LuaValue.TFUNCTION -> value = repl.invoke(ms.captures(s, e, true)).arg1();
            case LuaValue.TTABLE -> value = repl.get(ms.capture(0, s, e));
            default -> {
                addString(ms, b, s, e, repl.type() == LuaValue.TNUMBER ? LuaString.valueOf(LuaNumbers.tostring(repl)) : repl.checkstring());
                return;
            }
        }
        if (!value.toboolean()) {
            b.write(ms.src, s, e - s);
        } else if (value.isstring()) {
            LuaString v = value.strvalue();
            if (value.isnumber() && !(value instanceof LuaString)) {
                v = LuaString.valueOf(LuaNumbers.tostring(value));
            }
            b.write(v.m_bytes, v.m_offset, v.m_length);
        } else {
            throw new LuaError("invalid replacement value (a " + value.typename() + ")");
        }
    }

    private static void addString(LuaPattern ms, java.io.ByteArrayOutputStream b, int s, int e, LuaString news) {
        int l = news.m_length;
        for (int i = 0; i < l; i++) {
            byte c = news.m_bytes[news.m_offset + i];
            if (c != '%') {
                b.write(c);
                continue;
            }
            i++;
            byte d = i < l ? news.m_bytes[news.m_offset + i] : 0;
            if (d == '%') {
                b.write('%');
            } else if (d >= '0' && d <= '9') {
                LuaValue v = d == '0' ? LuaString.valueOf(ms.src, s, e - s) : ms.capture(d - '1', s, e);
                LuaString vs = v.isnumber() && !(v instanceof LuaString) ? LuaString.valueOf(LuaNumbers.tostring(v)) : v.strvalue();
                b.write(vs.m_bytes, vs.m_offset, vs.m_length);
            } else {
                throw new LuaError("invalid use of '%' in replacement string");
            }
        }
    }

    private static Varargs rep(Varargs a) {
        LuaString s = a.checkstring(1);
        long n = a.checklong(2);
        LuaString sep = a.optstring(3, LuaValue.EMPTYSTRING);
        long unit = (long) s.m_length + sep.m_length;
        if (n <= 0 || unit == 0) {
            return LuaValue.EMPTYSTRING;
        }
        if (n > (Integer.MAX_VALUE - 16 + sep.m_length) / unit) {
            throw new LuaError("resulting string too large");
        }
        return join(i -> s, (int) n, sep, unit * n - sep.m_length);
    }

    /**
     * The {@code n} strings {@code part(0..n-1)} joined by {@code sep}, {@code total} bytes in
     * all (at most {@code Integer.MAX_VALUE - 16}), in one allocation {@linkplain Reserve reserved} first.
     */
    static LuaString join(IntFunction<LuaString> part, int n, LuaString sep, long total) {
        Reserve.bytes(total);
        byte[] out = new byte[(int) total];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            LuaString s = part.apply(i);
            System.arraycopy(s.m_bytes, s.m_offset, out, pos, s.m_length);
            pos += s.m_length;
            if (i < n - 1 && sep.m_length > 0) {
                System.arraycopy(sep.m_bytes, sep.m_offset, out, pos, sep.m_length);
                pos += sep.m_length;
            }
        }
        return LuaString.valueUsing(out);
    }
}

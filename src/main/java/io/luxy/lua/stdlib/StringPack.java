package io.luxy.lua.stdlib;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.3's {@code string.pack}, {@code string.unpack} and {@code string.packsize}
 * (lstrlib.c): {@code < > = ![n]}, {@code b B h H i[n] I[n] l L j J T f d n s[n] z x} and
 * spaces. Not supported: {@code X} alignment padding. Integers wider than 8 bytes are not
 * supported; a 64-bit value beyond 2^53 loses precision (LuaJ has no 64-bit integers).
 */
final class StringPack {

    private StringPack() {
    }

    private enum K { INT, UINT, FLOAT, DOUBLE, STRING, ZSTR, PADDING, NONE }

    private record Opt(K kind, int size, int align) {
    }

    private static final class Parser {
        final String fmt;
        int pos;
        boolean little = true;
        int maxAlign = 1;

        Parser(String fmt) {
            this.fmt = fmt;
        }

        boolean more() {
            return pos < fmt.length();
        }

        private int num(int def) {
            if (pos >= fmt.length() || !Character.isDigit(fmt.charAt(pos))) {
                return def;
            }
            int v = 0;
            while (pos < fmt.length() && Character.isDigit(fmt.charAt(pos))) {
                v = v * 10 + (fmt.charAt(pos++) - '0');
            }
            return v;
        }

        private int limitedNum(int def) {
            int n = num(def);
            if (n > 16 || n <= 0) {
                throw new LuaError("integral size (" + n + ") out of limits [1,16]");
            }
            return n;
        }

        Opt next() {
            char c = fmt.charAt(pos++);
            switch (c) {
                case 'b': return new Opt(K.INT, 1, 1);
                case 'B': return new Opt(K.UINT, 1, 1);
                case 'h': return new Opt(K.INT, 2, 2);
                case 'H': return new Opt(K.UINT, 2, 2);
                case 'l', 'j': return new Opt(K.INT, 8, 8);
                case 'L', 'J', 'T': return new Opt(K.UINT, 8, 8);
                case 'i': { int n = limitedNum(4); return new Opt(K.INT, n, n); }
                case 'I': { int n = limitedNum(4); return new Opt(K.UINT, n, n); }
                case 'f': return new Opt(K.FLOAT, 4, 4);
                case 'd', 'n': return new Opt(K.DOUBLE, 8, 8);
                case 's': { int n = limitedNum(8); return new Opt(K.STRING, n, n); }
                case 'z': return new Opt(K.ZSTR, 0, 1);
                case 'x': return new Opt(K.PADDING, 1, 1);
                case 'c': {
                    int n = num(-1);
                    if (n == -1) {
                        throw new LuaError("missing size for format option 'c'");
                    }
                    return new Opt(K.NONE, n, -1);
                }
                case ' ': return new Opt(K.NONE, 0, 0);
                case '<': little = true; return new Opt(K.NONE, 0, 0);
                case '>': little = false; return new Opt(K.NONE, 0, 0);
                case '=': little = true; return new Opt(K.NONE, 0, 0);
                case '!': maxAlign = limitedNum(8); return new Opt(K.NONE, 0, 0);
                default: throw new LuaError("invalid format option '" + c + "'");
            }
        }

        int padding(Opt o, int total) {
            if (o.align <= 1 || o.kind == K.NONE || o.kind == K.ZSTR || o.kind == K.PADDING) {
                return 0;
            }
            int align = Math.min(o.align, maxAlign);
            if ((align & (align - 1)) != 0) {
                throw new LuaError("format asks for alignment not power of 2");
            }
            return (align - (total & (align - 1))) & (align - 1);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, long v, int size, boolean little) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[little ? i : size - 1 - i] = (byte) (i < 8 ? (v >>> (8 * i)) : (v < 0 ? 0xff : 0));
        }
        out.write(b, 0, size);
    }

    static Varargs pack(Varargs a) {
        Parser p = new Parser(a.checkjstring(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 1;
        while (p.more()) {
            Opt o = p.next();
            if (o.kind == K.NONE && o.align == -1) { // 'c' fixed string
                arg++;
                LuaString s = a.checkstring(arg);
                if (s.m_length > o.size) {
                    throw new LuaError("bad argument #" + arg + " to 'pack' (string longer than given size)");
                }
                out.write(s.m_bytes, s.m_offset, s.m_length);
                for (int i = s.m_length; i < o.size; i++) {
                    out.write(0);
                }
                continue;
            }
            int pad = p.padding(o, out.size());
            for (int i = 0; i < pad; i++) {
                out.write(0);
            }
            switch (o.kind) {
                case INT, UINT -> {
                    arg++;
                    long v = StringFormat.integerArg(a, arg);
                    if (o.size < 8) {
                        long lim = 1L << (o.size * 8 - 1);
                        boolean ok = o.kind == K.INT ? (-lim <= v && v < lim) : (v >= 0 && v < lim * 2);
                        if (!ok) {
                            throw new LuaError("bad argument #" + arg + " to 'pack' ("
                                    + (o.kind == K.INT ? "integer" : "unsigned") + " overflow)");
                        }
                    }
                    writeInt(out, v, o.size, p.little);
                }
                case FLOAT -> {
                    arg++;
                    writeInt(out, Float.floatToIntBits((float) a.checkdouble(arg)) & 0xffffffffL, 4, p.little);
                }
                case DOUBLE -> {
                    arg++;
                    writeInt(out, Double.doubleToLongBits(a.checkdouble(arg)), 8, p.little);
                }
                case STRING -> {
                    arg++;
                    LuaString s = a.checkstring(arg);
                    if (o.size < 8 && s.m_length >= (1L << (o.size * 8))) {
                        throw new LuaError("bad argument #" + arg + " to 'pack' (string length does not fit in given size)");
                    }
                    writeInt(out, s.m_length, o.size, p.little);
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                }
                case ZSTR -> {
                    arg++;
                    LuaString s = a.checkstring(arg);
                    if (s.indexOf((byte) 0, 0) >= 0) {
                        throw new LuaError("bad argument #" + arg + " to 'pack' (string contains zeros)");
                    }
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                    out.write(0);
                }
                case PADDING -> out.write(0);
                default -> {
                }
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    static Varargs packsize(Varargs a) {
        Parser p = new Parser(a.checkjstring(1));
        long total = 0;
        while (p.more()) {
            Opt o = p.next();
            if (o.kind == K.STRING || o.kind == K.ZSTR) {
                throw new LuaError("bad argument #1 to 'packsize' (variable-size format in packsize)");
            }
            if (o.kind == K.NONE && o.align == -1) {
                total += o.size;
                continue;
            }
            total += p.padding(o, (int) total);
            total += o.kind == K.NONE ? 0 : o.size;
        }
        return LuaValue.valueOf(total);
    }

    static Varargs unpack(Varargs a) {
        Parser p = new Parser(a.checkjstring(1));
        LuaString data = a.checkstring(2);
        byte[] d = new byte[data.m_length];
        System.arraycopy(data.m_bytes, data.m_offset, d, 0, d.length);
        long init = StringFunctions.posrelat(a.optlong(3, 1), d.length) - 1;
        if (init > d.length || init < 0) {
            throw new LuaError("bad argument #3 to 'unpack' (initial position out of string)");
        }
        int pos = (int) init;
        List<LuaValue> out = new ArrayList<>();
        while (p.more()) {
            Opt o = p.next();
            if (o.kind == K.NONE && o.align == -1) {
                need(d, pos, o.size);
                out.add(LuaString.valueOf(d, pos, o.size));
                pos += o.size;
                continue;
            }
            pos += p.padding(o, pos);
            switch (o.kind) {
                case INT, UINT -> {
                    need(d, pos, o.size);
                    long v = readInt(d, pos, o.size, p.little, o.kind == K.INT);
                    out.add(o.kind == K.UINT && o.size >= 8 && v < 0 ? LuaValue.valueOf(v) : LuaValue.valueOf(v));
                    pos += o.size;
                }
                case FLOAT -> {
                    need(d, pos, 4);
                    out.add(LuaValue.valueOf((double) Float.intBitsToFloat((int) readInt(d, pos, 4, p.little, false))));
                    pos += 4;
                }
                case DOUBLE -> {
                    need(d, pos, 8);
                    out.add(LuaValue.valueOf(Double.longBitsToDouble(readInt(d, pos, 8, p.little, false))));
                    pos += 8;
                }
                case STRING -> {
                    need(d, pos, o.size);
                    long len = readInt(d, pos, o.size, p.little, false);
                    pos += o.size;
                    if (len < 0 || pos + len > d.length) {
                        throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
                    }
                    out.add(LuaString.valueOf(d, pos, (int) len));
                    pos += (int) len;
                }
                case ZSTR -> {
                    int e = pos;
                    while (e < d.length && d[e] != 0) {
                        e++;
                    }
                    if (e >= d.length) {
                        throw new LuaError("bad argument #2 to 'unpack' (unfinished string for format 'z')");
                    }
                    out.add(LuaString.valueOf(d, pos, e - pos));
                    pos = e + 1;
                }
                case PADDING -> {
                    need(d, pos, 1);
                    pos++;
                }
                default -> {
                }
            }
        }
        out.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static void need(byte[] d, int pos, int n) {
        if (pos + n > d.length) {
            throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
        }
    }

    private static long readInt(byte[] d, int pos, int size, boolean little, boolean signed) {
        long v = 0;
        int n = Math.min(size, 8);
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (d[pos + (little ? i : size - 1 - i)] & 0xff);
        }
        if (signed && size < 8) {
            int shift = 64 - size * 8;
            v = (v << shift) >> shift;
        }
        return v;
    }
}

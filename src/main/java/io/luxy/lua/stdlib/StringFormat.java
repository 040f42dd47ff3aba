package io.luxy.lua.stdlib;

import java.io.ByteArrayOutputStream;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.3's {@code string.format} (lstrlib.c str_format): flags {@code -+ #0}, width and
 * precision for {@code %d %i %u %c %x %X %o %e %E %f %F %g %G %a %A %q %s}, {@code %s} through
 * {@code tostring} (so {@code __tostring} is honoured), integer conversions refusing numbers
 * with no integer representation. LuaJ ignores width and precision (TOOLCHAIN.md 4e). Each
 * {@code %s} {@linkplain Reserve reserves} the output it grows to ({@code tune.lua.maxmem}).
 */
final class StringFormat {

    private StringFormat() {
    }

    /** {@code string.format(fmt, ...)}. */
    static Varargs format(Varargs a) {
        LuaString fmt = a.checkstring(1);
        byte[] f = new byte[fmt.m_length];
        System.arraycopy(fmt.m_bytes, fmt.m_offset, f, 0, f.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(f.length + 16);
        int arg = 1;
        int i = 0;
        while (i < f.length) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < f.length && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            if (i - start >= 6) {
                throw new LuaError("invalid format (repeated flags)");
            }
            String flags = new String(f, start, i - start);
            int width = -1;
            int digits = 0;
            int ws = i;
            while (i < f.length && Character.isDigit(f[i])) {
                i++;
                digits++;
            }
            if (digits > 0) {
                width = Integer.parseInt(new String(f, ws, i - ws));
            }
            int prec = -1;
            if (i < f.length && f[i] == '.') {
                i++;
                int ps = i;
                int pd = 0;
                while (i < f.length && Character.isDigit(f[i])) {
                    i++;
                    pd++;
                }
                prec = pd == 0 ? 0 : Integer.parseInt(new String(f, ps, i - ps));
                if (pd > 2) {
                    throw new LuaError("invalid format (width or precision too long)");
                }
            }
            if (digits > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i >= f.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            char conv = (char) (f[i++] & 0xff);
            arg++;
            Spec spec = new Spec(flags, width, prec);
            switch (conv) {
                case 'c' -> {
                    int ch = (int) integerArg(a, arg);
                    write(out, spec.pad(String.valueOf((char) (ch & 0xff)), false));
                }
                case 'd', 'i' -> write(out, spec.integer(integerArg(a, arg), 10, false));
                case 'u' -> write(out, spec.unsigned(Long.toUnsignedString(integerArg(a, arg))));
                case 'o' -> write(out, spec.unsigned(Long.toOctalString(integerArg(a, arg))));
                case 'x' -> write(out, spec.hex(integerArg(a, arg), false));
                case 'X' -> write(out, spec.hex(integerArg(a, arg), true));
                case 'e', 'E', 'f', 'F', 'g', 'G', 'a', 'A' -> write(out, spec.floating(a.checknumber(arg).todouble(), conv));
                case 'q' -> quoted(out, a.arg(arg));
                case 's' -> {
                    LuaString s = BaseFunctions.tostringValue(a.checkvalue(arg));
                    Reserve.bytes(out.size() + (long) Math.max(s.m_length, width)); // the output grows to hold it
                    if (prec < 0 && width < 0) {
                        out.write(s.m_bytes, s.m_offset, s.m_length);
                    } else {
                        byte[] b = new byte[s.m_length];
                        System.arraycopy(s.m_bytes, s.m_offset, b, 0, b.length);
                        int len = prec >= 0 ? Math.min(prec, b.length) : b.length;
                        int pad = Math.max(0, width - len);
                        boolean left = flags.indexOf('-') >= 0;
                        if (!left) {
                            out.write(spaces(pad), 0, pad);
                        }
                        out.write(b, 0, len);
                        if (left) {
                            out.write(spaces(pad), 0, pad);
                        }
                    }
                }
                default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
            }
        }
        Reserve.bytes(out.size());
        return LuaString.valueUsing(out.toByteArray());
    }

    private static byte[] spaces(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) ' ');
        return b;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    /** luaL_checkinteger: a number with an exact integer value. */
    static long integerArg(Varargs a, int i) {
        LuaValue v = a.arg(i);
        if (v.isinttype()) {
            return v.toint();
        }
        if (!v.isnumber()) {
            a.checknumber(i);
        }
        LuaValue n = v.tonumber();
        double d = n.todouble();
        if (!LuaNumbers.isInteger(n)) {
            throw new LuaError("bad argument #" + i + " to 'format' (number has no integer representation)");
        }
        return (long) d;
    }

    private static void quoted(ByteArrayOutputStream out, LuaValue v) {
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                if (v.isnumber() && !(v instanceof LuaString)) {
                    quoted(out, v.tonumber());
                    return;
                }
                LuaString s = v.checkstring();
                out.write('"');
                for (int i = 0; i < s.m_length; i++) {
                    int c = s.m_bytes[s.m_offset + i] & 0xff;
                    if (c == '"' || c == '\\' || c == '\n') {
                        out.write('\\');
                        out.write(c);
                    } else if (c == 0) {
                        boolean digitNext = i + 1 < s.m_length && Character.isDigit(s.m_bytes[s.m_offset + i + 1]);
                        write(out, digitNext ? "\\000" : "\\0");
                    } else if (c < 32 || c == 127) {
                        boolean digitNext = i + 1 < s.m_length && Character.isDigit(s.m_bytes[s.m_offset + i + 1]);
                        write(out, digitNext ? String.format("\\%03d", c) : "\\" + c);
                    } else {
                        out.write(c);
                    }
                }
                out.write('"');
            }
            case LuaValue.TNUMBER -> {
                if (LuaNumbers.isInteger(v)) {
                    long l = (long) v.todouble();
                    write(out, l == Long.MIN_VALUE ? "0x8000000000000000" : Long.toString(l));
                } else {
                    double d = v.todouble();
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        write(out, LuaNumbers.special(d, false));
                    } else {
                        write(out, (LuaNumbers.isNegative(d) ? "-" : "") + LuaNumbers.formatA(d, -1, false));
                    }
                }
            }
            case LuaValue.TNIL, LuaValue.TBOOLEAN -> write(out, v.tojstring());
            default -> throw new LuaError("bad argument to 'format' (value has no literal form)");
        }
    }

    /** Flags, width and precision of one conversion. */
    private record Spec(String flags, int width, int prec) {

        boolean has(char f) {
            return flags.indexOf(f) >= 0;
        }

        String pad(String body, boolean zeroOk) {
            if (width <= body.length()) {
                return body;
            }
            int n = width - body.length();
            if (has('-')) {
                return body + " ".repeat(n);
            }
            if (zeroOk && has('0')) {
                int signLen = 0;
                if (!body.isEmpty() && "+- ".indexOf(body.charAt(0)) >= 0) {
                    signLen = 1;
                }
                if (body.startsWith("0x", signLen) || body.startsWith("0X", signLen)) {
                    signLen += 2;
                }
                return body.substring(0, signLen) + "0".repeat(n) + body.substring(signLen);
            }
            return " ".repeat(n) + body;
        }

        String digitsWithPrecision(String digits) {
            if (prec >= 0) {
                if (prec == 0 && digits.equals("0")) {
                    return "";
                }
                if (digits.length() < prec) {
                    return "0".repeat(prec - digits.length()) + digits;
                }
            }
            return digits;
        }

        String integer(long v, int radix, boolean unused) {
            String digits = v < 0 ? (v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(-v)) : Long.toString(v);
            digits = digitsWithPrecision(digits);
            String sign = v < 0 ? "-" : has('+') ? "+" : has(' ') ? " " : "";
            return pad(sign + digits, prec < 0);
        }

        String unsigned(String digits) {
            String d = digitsWithPrecision(digits);
            if (has('#') && !d.startsWith("0")) {
                d = "0" + d;
            }
            return pad(d, prec < 0);
        }

        String hex(long v, boolean upper) {
            String d = digitsWithPrecision(Long.toHexString(v));
            if (upper) {
                d = d.toUpperCase();
            }
            if (has('#') && v != 0) {
                d = (upper ? "0X" : "0x") + d;
            }
            return pad(d, prec < 0);
        }

        String floating(double d, char conv) {
            boolean upper = Character.isUpperCase(conv);
            String sign = LuaNumbers.isNegative(d) && !Double.isNaN(d) ? "-" : has('+') ? "+" : has(' ') ? " " : "";
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                String s = Double.isNaN(d) ? (LuaNumbers.isNegative(d) ? "-nan" : sign + "nan") : sign + "inf";
                return pad(upper ? s.toUpperCase() : s, false);
            }
            String body = switch (Character.toLowerCase(conv)) {
                case 'f' -> {
                    String s = LuaNumbers.formatF(d, prec < 0 ? 6 : prec);
                    yield has('#') && !s.contains(".") ? s + "." : s;
                }
                case 'e' -> LuaNumbers.formatE(d, prec < 0 ? 6 : prec, upper);
                case 'g' -> {
                    String s = LuaNumbers.formatG(Math.abs(d), prec < 0 ? 6 : prec, has('#'), upper);
                    yield s;
                }
                default -> LuaNumbers.formatA(d, prec, upper);
            };
            return pad(sign + body, true);
        }
    }
}

package io.luxy.lua.stdlib;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import org.luaj.vm2.LuaValue;

/**
 * Number formatting as C's printf does it (exact binary value, round-half-even), used by
 * {@code tostring} ({@code "%.14g"}, Lua 5.3's LUAI_NUMFFORMAT) and {@code string.format}.
 * LuaJ prints non-integral numbers with Java's float precision ({@code 1e100} → "Infinity").
 *
 * <p>LuaJ has no integer subtype: a value is shown as an integer when LuaJ holds it as an int,
 * or when it is integral and fits a 64-bit integer; otherwise as a float with {@code %.14g}.
 * So {@code 10/2} prints {@code 5} where Lua 5.3 prints {@code 5.0}; see package-info.
 */
final class LuaNumbers {

    private static final double TWO63 = 9.223372036854775807E18;

    private LuaNumbers() {
    }

    /** True when {@code v} (a number) is shown and treated as a Lua 5.3 integer. */
    static boolean isInteger(LuaValue v) {
        if (v.isinttype()) {
            return true;
        }
        double d = v.todouble();
        return d == Math.rint(d) && d >= -TWO63 && d < TWO63;
    }

    /** {@code tostring(n)} for a number value, as Lua 5.3 prints it (modulo the integer rule). */
    static String tostring(LuaValue v) {
        if (v.isinttype()) {
            return Integer.toString(v.toint());
        }
        double d = v.todouble();
        if (isInteger(v)) {
            return Long.toString((long) d);
        }
        String s = formatG(d, 14, false, false);
        if (s.matches("-?\\d+")) {
            s += ".0";
        }
        return s;
    }

    static String special(double d, boolean upper) {
        String s = Double.isNaN(d) ? (isNegative(d) ? "-nan" : "nan") : (d < 0 ? "-inf" : "inf");
        return upper ? s.toUpperCase() : s;
    }

    static boolean isNegative(double d) {
        return (Double.doubleToRawLongBits(d) & Long.MIN_VALUE) != 0;
    }

    /** C's {@code %.{prec}f} of |d| (no sign). */
    static String formatF(double d, int prec) {
        return new BigDecimal(Math.abs(d)).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** C's {@code %.{prec}e} of |d| (no sign). */
    static String formatE(double d, int prec, boolean upper) {
        double a = Math.abs(d);
        String digits;
        int exp;
        if (a == 0) {
            digits = "0".repeat(prec + 1);
            exp = 0;
        } else {
            BigDecimal bd = new BigDecimal(a).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            digits = bd.unscaledValue().toString();
            exp = digits.length() - 1 - bd.scale();
            if (digits.length() < prec + 1) {
                digits = digits + "0".repeat(prec + 1 - digits.length());
            } else if (digits.length() > prec + 1) {
                digits = digits.substring(0, prec + 1);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(digits.charAt(0));
        if (prec > 0) {
            sb.append('.').append(digits, 1, prec + 1);
        }
        sb.append(upper ? 'E' : 'e').append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) {
            sb.append('0');
        }
        sb.append(ae);
        return sb.toString();
    }

    /** C's {@code %.{prec}g} of d, with sign; {@code alt} is the '#' flag. */
    static String formatG(double d, int prec, boolean alt, boolean upper) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return special(d, upper);
        }
        if (prec == 0) {
            prec = 1;
        }
        double a = Math.abs(d);
        int x;
        if (a == 0) {
            x = 0;
        } else {
            BigDecimal bd = new BigDecimal(a).round(new MathContext(prec, RoundingMode.HALF_EVEN));
            x = bd.precision() - bd.scale() - 1;
        }
        String body;
        if (x < -4 || x >= prec) {
            body = formatE(a, prec - 1, upper);
            if (!alt) {
                int e = body.indexOf(upper ? 'E' : 'e');
                body = stripZeros(body.substring(0, e)) + body.substring(e);
            }
        } else {
            body = formatF(a, prec - 1 - x);
            if (!alt) {
                body = stripZeros(body);
            } else if (!body.contains(".")) {
                body += ".";
            }
        }
        return (isNegative(d) ? "-" : "") + body;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** C's {@code %a} of |d| (no sign), with {@code prec} hex digits or -1 for exact. */
    static String formatA(double d, int prec, boolean upper) {
        double a = Math.abs(d);
        long bits = Double.doubleToRawLongBits(a);
        int exp = (int) ((bits >> 52) & 0x7ff);
        long mant = bits & 0xfffffffffffffL;
        int lead;
        if (exp == 0) {
            if (mant == 0) {
                lead = 0;
                exp = 0;
            } else {
                lead = 0;
                exp = -1022;
            }
        } else {
            lead = 1;
            exp -= 1023;
        }
        String hex = String.format("%013x", mant);
        if (prec >= 0 && prec < 13) {
            long full = ((long) lead << 52) | mant;
            int drop = (13 - prec) * 4;
            long half = 1L << (drop - 1);
            long rem = full & ((1L << drop) - 1);
            full >>>= drop;
            if (rem > half || (rem == half && (full & 1) == 1)) {
                full++;
            }
            lead = (int) (full >>> (prec * 4));
            hex = prec == 0 ? "" : String.format("%0" + prec + "x", full & ((1L << (prec * 4)) - 1));
        } else {
            int end = hex.length();
            while (end > 0 && hex.charAt(end - 1) == '0') {
                end--;
            }
            hex = hex.substring(0, end);
            if (prec > 13) {
                hex = hex + "0".repeat(prec - hex.length());
            }
        }
        String s = "0x" + lead + (hex.isEmpty() ? "" : "." + hex) + "p" + (exp >= 0 ? "+" : "") + exp;
        return upper ? s.toUpperCase() : s;
    }
}

package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Casts;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleType;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** {@code base64}, {@code b64dec}, {@code hex}, {@code json([input-code])}, {@code url_dec([in_form])} (doc 7.3.1, src/sample.c). */
final class EncodingConverters {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final List<String> JSON_CODES = List.of("ascii", "utf8", "utf8s", "utf8p", "utf8ps");

    private EncodingConverters() {
    }

    static void register(Map<String, Converter> m) {
        m.put("base64", new ConvDef(SampleType.BIN, SampleType.STR, ArgSpec.NONE,
                (in, a, c) -> Sample.str(Base64.getEncoder().encodeToString((byte[]) in.value()))));
        m.put("b64dec", new ConvDef(SampleType.STR, SampleType.BIN, ArgSpec.NONE, EncodingConverters::b64dec));
        m.put("hex", new ConvDef(SampleType.BIN, SampleType.STR, ArgSpec.NONE, (in, a, c) -> Sample.str(hex((byte[]) in.value()))));
        m.put("json", new ConvDef(SampleType.STR, SampleType.STR, ArgSpec.of(0, ArgType.STR).validatedBy(EncodingConverters::checkJson),
                EncodingConverters::json));
        m.put("url_dec", new ConvDef(SampleType.STR, SampleType.STR, ArgSpec.of(0, ArgType.SINT), EncodingConverters::urlDec));
    }

    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(out);
    }

    /** base64dec: the length must be a multiple of 4 and the alphabet standard, else the conversion fails. */
    private static Sample b64dec(Sample in, List<String> a, SampleContext ctx) {
        String s = (String) in.value();
        if (s.length() % 4 != 0) {
            return null;
        }
        try {
            return Sample.bin(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String checkJson(List<String> a) {
        if (a.isEmpty() || a.get(0).isEmpty() || JSON_CODES.contains(a.get(0))) {
            return null;
        }
        return "Unexpected input code type. Allowed value are 'ascii', 'utf8', 'utf8s', 'utf8p' and 'utf8ps'";
    }

    /**
     * sample_conv_json: escapes '"', '\\', '/', \b \f \r \n \t, and non-printable code points as
     * backslash-u plus 4 hex digits (only the low 16 bits, as HAProxy's {@code (unsigned short)c}). In "ascii"
     * mode each byte is a code point; the utf8 modes decode UTF-8 and fail ("utf8", "utf8p") or
     * skip ("utf8s", "utf8ps") an invalid sequence; the "p" modes accept overlong forms.
     */
    private static Sample json(Sample in, List<String> a, SampleContext ctx) {
        String code = a.isEmpty() || a.get(0).isEmpty() ? "ascii" : a.get(0);
        boolean utf8 = !code.equals("ascii");
        boolean skip = code.endsWith("s");
        boolean permissive = code.startsWith("utf8p");
        String s = (String) in.value();
        StringBuilder sb = new StringBuilder(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            int c = s.charAt(i) & 0xff;
            int used = 1;
            if (utf8 && c >= 0x80) {
                int[] dec = decodeUtf8(s, i, permissive);
                if (dec == null) {
                    if (!skip) {
                        return null;
                    }
                    i++;
                    continue;
                }
                c = dec[0];
                used = dec[1];
            }
            i += used;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append("\\/");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c > 0xff || c < 0x20 || c >= 0x7f) {
                        sb.append("\\u").append(String.format("%04x", c & 0xffff));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return Sample.str(sb.toString());
    }

    /** {code point, bytes used} for the UTF-8 sequence at {@code i} (chars are bytes), or null when invalid. */
    private static int[] decodeUtf8(String s, int i, boolean permissive) {
        int b0 = s.charAt(i) & 0xff;
        int len;
        int cp;
        if (b0 >= 0xc0 && b0 < 0xe0) {
            len = 2;
            cp = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 < 0xf0) {
            len = 3;
            cp = b0 & 0x0f;
        } else if (b0 >= 0xf0 && b0 < 0xf8) {
            len = 4;
            cp = b0 & 0x07;
        } else {
            return null;
        }
        if (i + len > s.length()) {
            return null;
        }
        for (int k = 1; k < len; k++) {
            int b = s.charAt(i + k) & 0xff;
            if ((b & 0xc0) != 0x80) {
                return null;
            }
            cp = (cp << 6) | (b & 0x3f);
        }
        int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (!permissive && (cp < min || cp > 0x10ffff || cp >= 0xd800 && cp <= 0xdfff)) {
            return null;
        }
        return new int[] {cp, len};
    }

    /**
     * url_decode(): %XX decoded, a bad escape fails the conversion; '+' becomes a space in form
     * mode, which {@code in_form} enables and a '?' switches on (verified 2.6.12).
     */
    private static Sample urlDec(Sample in, List<String> a, SampleContext ctx) {
        String s = (String) in.value();
        boolean form = !a.isEmpty() && Long.parseLong(a.get(0)) != 0;
        if (s.indexOf('%') < 0 && (s.indexOf('+') < 0 || !form && s.indexOf('?') < 0)) {
            return in;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                break;
            }
            if (c == '+') {
                out[n++] = (byte) (form ? ' ' : '+');
            } else if (c == '%') {
                int h = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int l = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (h < 0 || l < 0) {
                    return null;
                }
                out[n++] = (byte) (h * 16 + l);
                i += 2;
            } else {
                if (c == '?') {
                    form = true;
                }
                out[n++] = (byte) c;
            }
        }
        return Sample.str(Casts.latin1(java.util.Arrays.copyOf(out, n)));
    }
}

package io.luxy.proxy.http.smuggling;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte notation of the smuggling case and golden files: printable ASCII as is, {@code \r \n \t
 * \\ \xNN}, and {@code {{N*text}}} for {@code text} repeated N times (text in the same notation,
 * without {@code }}}). A literal {@code {} is written {@code \x7b}.
 */
public final class Escapes {

    private Escapes() {
    }

    /** The bytes {@code s} denotes. */
    public static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '{' && s.startsWith("{{", i)) {
                int star = s.indexOf('*', i);
                int end = s.indexOf("}}", i);
                if (star < 0 || end < 0 || star > end) {
                    throw new IllegalArgumentException("bad repetition at " + i + ": " + s);
                }
                int n = Integer.parseInt(s.substring(i + 2, star));
                byte[] unit = unescape(s.substring(star + 1, end));
                for (int k = 0; k < n; k++) {
                    out.writeBytes(unit);
                }
                i = end + 2;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw new IllegalArgumentException("trailing backslash: " + s);
                }
                char e = s.charAt(i + 1);
                switch (e) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case '\\' -> out.write('\\');
                    case 'x' -> {
                        out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                        i += 2;
                    }
                    default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + s);
                }
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                throw new IllegalArgumentException("raw non-printable character " + (int) c + " in " + s);
            } else {
                out.write(c);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** {@code b} in the notation; runs of 16 or more identical bytes become {@code {{N*x}}}. */
    public static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int j = i;
            while (j < b.length && b[j] == b[i]) {
                j++;
            }
            if (j - i >= 16) {
                sb.append("{{").append(j - i).append('*');
                appendOne(sb, b[i]);
                sb.append("}}");
                i = j;
            } else {
                appendOne(sb, b[i]);
                i++;
            }
        }
        return sb.toString();
    }

    /** {@link #escape(byte[])} of an ISO-8859-1 string. */
    public static String escape(String s) {
        return escape(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void appendOne(StringBuilder sb, byte x) {
        int c = x & 0xff;
        switch (c) {
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            case '\\' -> sb.append("\\\\");
            case '{' -> sb.append("\\x7b");
            default -> {
                if (c >= 0x20 && c <= 0x7e) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
        }
    }
}

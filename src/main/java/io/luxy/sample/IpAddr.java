package io.luxy.sample;

/**
 * IP address text and masks as HAProxy handles them: literal parsing without DNS (like
 * {@code inet_pton}), glibc {@code inet_ntop} formatting, and IPv4/IPv6 masks (src/tools.c
 * {@code str2mask}, {@code str2net}). Addresses are 4- or 16-byte arrays in network order.
 */
public final class IpAddr {

    private IpAddr() {
    }

    /** Parses an IPv4 dotted quad ({@code inet_pton(AF_INET)}); null when not one. */
    public static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int val = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (val == 0) {
                    return null; // inet_pton refuses leading zeros
                }
                val = (val < 0 ? 0 : val * 10) + (c - '0');
                if (val > 255) {
                    return null;
                }
            } else if (c == '.' && val >= 0 && part < 3) {
                out[part++] = (byte) val;
                val = -1;
            } else {
                return null;
            }
        }
        if (part != 3 || val < 0) {
            return null;
        }
        out[3] = (byte) val;
        return out;
    }

    /** Parses an IPv6 literal ({@code inet_pton(AF_INET6)}, with an optional IPv4 tail); null when not one. */
    public static byte[] parseV6(String s) {
        if (s.indexOf(':') < 0) {
            return null;
        }
        int[] words = new int[8];
        int n = 0;
        int gap = -1;
        int i = 0;
        int len = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < len) {
            int end = i;
            while (end < len && s.charAt(end) != ':') {
                end++;
            }
            String tok = s.substring(i, end);
            if (tok.indexOf('.') >= 0) {
                byte[] v4 = end == len ? parseV4(tok) : null;
                if (v4 == null || n > 6) {
                    return null;
                }
                words[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                words[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                i = end;
                break;
            }
            if (tok.isEmpty() || tok.length() > 4 || n >= 8) {
                return null;
            }
            int w = 0;
            for (int k = 0; k < tok.length(); k++) {
                int d = Character.digit(tok.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                w = w * 16 + d;
            }
            words[n++] = w;
            if (end == len) {
                i = end;
                break;
            }
            if (end + 1 < len && s.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = n;
                i = end + 2;
            } else if (end + 1 == len) {
                return null;
            } else {
                i = end + 1;
            }
        }
        if (gap < 0 && n != 8 || gap >= 0 && n == 8) {
            return null;
        }
        byte[] out = new byte[16];
        int[] full = new int[8];
        if (gap >= 0) {
            int tail = n - gap;
            System.arraycopy(words, 0, full, 0, gap);
            System.arraycopy(words, gap, full, 8 - tail, tail);
        } else {
            full = words;
        }
        for (int k = 0; k < 8; k++) {
            out[2 * k] = (byte) (full[k] >> 8);
            out[2 * k + 1] = (byte) full[k];
        }
        return out;
    }

    /** Formats 4 or 16 bytes as glibc's {@code inet_ntop} does (e.g. {@code 2001:db8::}, {@code ::ffff:1.2.3.4}). */
    public static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] w = new int[8];
        for (int k = 0; k < 8; k++) {
            w[k] = ((a[2 * k] & 0xff) << 8) | (a[2 * k + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int k = 0; k < 8;) {
            if (w[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && w[k] == 0) {
                k++;
            }
            if (k - start > bestLen) {
                bestBase = start;
                bestLen = k - start;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int k = 0; k < 8; k++) {
            if (bestBase >= 0 && k >= bestBase && k < bestBase + bestLen) {
                if (k == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (k != 0) {
                sb.append(':');
            }
            if (k == 6 && bestBase == 0
                    && (bestLen == 6 || bestLen == 7 && w[7] != 1 || bestLen == 5 && w[5] == 0xffff)) {
                sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.')
                        .append(a[14] & 0xff).append('.').append(a[15] & 0xff);
                break;
            }
            sb.append(Integer.toHexString(w[k]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    /** The IPv4 address inside a {@code ::ffff:a.b.c.d} address, or null. */
    public static byte[] unmapV4(byte[] v6) {
        for (int k = 0; k < 10; k++) {
            if (v6[k] != 0) {
                return null;
            }
        }
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
            return null;
        }
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }

    /** {@code ::ffff:a.b.c.d} for an IPv4 address (HAProxy {@code v4tov6}). */
    public static byte[] mapV4(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** An IPv4 mask as a 32-bit value from bits ({@code 24}) or dotted form; -1 when invalid. */
    public static long parseMask4(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (s.length() > 2) {
                return -1;
            }
            int bits = Integer.parseInt(s);
            return bits > 32 ? -1 : bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        }
        byte[] m = parseV4(s);
        if (m == null) {
            return -1;
        }
        return ((m[0] & 0xffL) << 24) | ((m[1] & 0xffL) << 16) | ((m[2] & 0xffL) << 8) | (m[3] & 0xffL);
    }

    /** A mask of {@code bits} leading ones over {@code len} bytes. */
    public static byte[] prefixMask(int bits, int len) {
        byte[] m = new byte[len];
        for (int k = 0; k < len; k++) {
            int b = Math.max(0, Math.min(8, bits - 8 * k));
            m[k] = (byte) (0xff00 >> b);
        }
        return m;
    }

    /** {@code a & mask} byte by byte (same lengths). */
    public static byte[] and(byte[] a, byte[] mask) {
        byte[] out = new byte[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = (byte) (a[k] & mask[k]);
        }
        return out;
    }

    /** An address with its network mask (4 or 16 bytes each) and the mask's length in bits. */
    public record Network(byte[] addr, byte[] mask, int bits) {
    }

    /**
     * Parses {@code ip}, {@code ip/bits} or {@code ipv4/dotted.mask} (HAProxy's str2net for ACL,
     * map and {@code core.parse_addr} keys); the address is returned unmasked. Null when invalid.
     */
    public static Network parseNetwork(String text) {
        int slash = text.indexOf('/');
        String a = slash < 0 ? text : text.substring(0, slash);
        byte[] addr = parseV4(a);
        if (addr == null) {
            addr = parseV6(a);
        }
        if (addr == null) {
            return null;
        }
        int bits = addr.length * 8;
        if (slash >= 0) {
            String m = text.substring(slash + 1);
            if (!m.isEmpty() && m.length() <= 3 && m.chars().allMatch(Character::isDigit) && Integer.parseInt(m) <= bits) {
                bits = Integer.parseInt(m);
            } else if (addr.length == 4 && parseMask4(m) >= 0) {
                bits = Long.bitCount(parseMask4(m));
            } else {
                return null;
            }
        }
        return new Network(addr, prefixMask(bits, addr.length), bits);
    }
}

package io.luxy.sample;

import java.nio.charset.StandardCharsets;

/**
 * HAProxy's implicit sample casts ({@code sample_casts[][]} in src/sample.c): what a converter or
 * matcher sees when its input type differs. Returns null where HAProxy has no cast or it fails.
 */
public final class Casts {

    private Casts() {
    }

    /** The sample cast to {@code to} (null = any, returns the input), or null when impossible. */
    public static Sample cast(Sample s, SampleType to) {
        if (to == null || s.type() == to) {
            return s;
        }
        SampleType from = s.type();
        return switch (to) {
            case STR -> Sample.str(s.asString());
            case BIN -> switch (from) {
                case SINT, BOOL -> Sample.bin(longBytes(s.asLong()));
                case IPV4 -> Sample.bin(IpAddr.parseV4((String) s.value()));
                case IPV6 -> Sample.bin(IpAddr.parseV6((String) s.value()));
                default -> Sample.bin(s.asBytes());
            };
            case SINT -> switch (from) {
                case BOOL, STR -> {
                    Long v = s.asLong();
                    yield v == null ? null : Sample.sint(v);
                }
                case IPV4 -> {
                    byte[] a = IpAddr.parseV4((String) s.value());
                    yield Sample.sint(((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL));
                }
                default -> null;
            };
            case BOOL -> switch (from) {
                case SINT -> Sample.bool((Long) s.value() != 0);
                case STR -> {
                    Long v = s.asLong();
                    yield v == null ? null : Sample.bool(v != 0);
                }
                default -> null;
            };
            case IPV4 -> switch (from) {
                case STR -> {
                    byte[] a = IpAddr.parseV4((String) s.value());
                    yield a == null ? null : new Sample(SampleType.IPV4, IpAddr.format(a));
                }
                case SINT -> {
                    long v = (Long) s.value();
                    yield new Sample(SampleType.IPV4, IpAddr.format(new byte[] {
                        (byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v}));
                }
                case IPV6 -> {
                    byte[] a = IpAddr.unmapV4(IpAddr.parseV6((String) s.value()));
                    yield a == null ? null : new Sample(SampleType.IPV4, IpAddr.format(a));
                }
                default -> null;
            };
            case IPV6 -> switch (from) {
                case STR -> {
                    byte[] a = IpAddr.parseV6((String) s.value());
                    yield a == null ? null : new Sample(SampleType.IPV6, IpAddr.format(a));
                }
                case IPV4 -> new Sample(SampleType.IPV6, IpAddr.format(IpAddr.mapV4(IpAddr.parseV4((String) s.value()))));
                default -> null;
            };
            case METH -> from == SampleType.STR ? new Sample(SampleType.METH, s.value()) : null;
        };
    }

    /** The address bytes of an IPV4/IPV6 sample, after casting a string; null when not an address. */
    public static byte[] addressBytes(Sample s) {
        return switch (s.type()) {
            case IPV4 -> IpAddr.parseV4((String) s.value());
            case IPV6 -> IpAddr.parseV6((String) s.value());
            case STR -> {
                String t = (String) s.value();
                byte[] a = IpAddr.parseV4(t);
                yield a != null ? a : IpAddr.parseV6(t);
            }
            default -> null;
        };
    }

    /** An address sample of the right type for 4 or 16 bytes. */
    public static Sample address(byte[] a) {
        return new Sample(a.length == 4 ? SampleType.IPV4 : SampleType.IPV6, IpAddr.format(a));
    }

    /** The string as HAProxy's buffers hold it: one byte per char (ISO-8859-1). */
    public static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>= 8;
        }
        return b;
    }
}

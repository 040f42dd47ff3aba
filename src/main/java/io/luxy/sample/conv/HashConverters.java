package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleType;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * {@code sdbm}, {@code djb2}, {@code crc32}, {@code wt6} ([avalanche]) and {@code xxh32} ([seed]) over binary input, giving
 * an unsigned 32-bit SINT (src/hash.c; {@code full_hash} for avalanche in include/haproxy/hash.h).
 */
final class HashConverters {

    private HashConverters() {
    }

    static void register(Map<String, Converter> m) {
        m.put("sdbm", hash(HashConverters::sdbm));
        m.put("djb2", hash(HashConverters::djb2));
        m.put("crc32", hash(HashConverters::crc32));
        m.put("wt6", hash(HashConverters::wt6));
        m.put("xxh32", new ConvDef(SampleType.BIN, SampleType.SINT, ArgSpec.of(0, ArgType.SINT),
                (in, a, ctx) -> Sample.sint(xxh32((byte[]) in.value(), a.isEmpty() ? 0 : (int) Long.parseLong(a.get(0))) & 0xffffffffL)));
    }

    private static ConvDef hash(ToIntFunction<byte[]> fn) {
        return new ConvDef(SampleType.BIN, SampleType.SINT, ArgSpec.of(0, ArgType.SINT), (in, a, ctx) -> {
            int h = fn.applyAsInt((byte[]) in.value());
            if (avalanche(a)) {
                h = fullHash(h);
            }
            return Sample.sint(h & 0xffffffffL);
        });
    }

    private static boolean avalanche(List<String> a) {
        return !a.isEmpty() && Long.parseLong(a.get(0)) != 0;
    }

    static int sdbm(byte[] key) {
        int hash = 0;
        for (byte b : key) {
            hash = (b & 0xff) + (hash << 6) + (hash << 16) - hash;
        }
        return hash;
    }

    static int djb2(byte[] key) {
        int hash = 5381;
        for (byte b : key) {
            hash = (hash << 5) + hash + (b & 0xff);
        }
        return hash;
    }

    static int crc32(byte[] key) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(key);
        return (int) c.getValue();
    }

    static int wt6(byte[] key) {
        int h0 = 0xa53c965a;
        int h1 = 0x5ca6953a;
        int step0 = 6;
        int step1 = 18;
        for (byte b : key) {
            int t = b & 0xff;
            h0 = ~(h0 ^ t);
            h1 = ~(h1 + t);
            t = (h1 << step0) | (h1 >>> (32 - step0));
            h1 = (h0 << step1) | (h0 >>> (32 - step1));
            h0 = t;
            t = ((h0 >>> 16) ^ h1) & 0xffff;
            step0 = t & 0x1f;
            step1 = t >>> 11;
        }
        return h0 ^ h1;
    }

    private static final int P1 = 0x9E3779B1;
    private static final int P2 = 0x85EBCA77;
    private static final int P3 = 0xC2B2AE3D;
    private static final int P4 = 0x27D4EB2F;
    private static final int P5 = 0x165667B1;

    /** XXH32 (xxHash, as HAProxy's {@code XXH32(data, len, seed)} in the {@code xxh32} converter). */
    static int xxh32(byte[] b, int seed) {
        int len = b.length;
        int i = 0;
        int h;
        if (len >= 16) {
            int v1 = seed + P1 + P2;
            int v2 = seed + P2;
            int v3 = seed;
            int v4 = seed - P1;
            for (; i <= len - 16; i += 16) {
                v1 = Integer.rotateLeft(v1 + le32(b, i) * P2, 13) * P1;
                v2 = Integer.rotateLeft(v2 + le32(b, i + 4) * P2, 13) * P1;
                v3 = Integer.rotateLeft(v3 + le32(b, i + 8) * P2, 13) * P1;
                v4 = Integer.rotateLeft(v4 + le32(b, i + 12) * P2, 13) * P1;
            }
            h = Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12) + Integer.rotateLeft(v4, 18);
        } else {
            h = seed + P5;
        }
        h += len;
        for (; i <= len - 4; i += 4) {
            h = Integer.rotateLeft(h + le32(b, i) * P3, 17) * P4;
        }
        for (; i < len; i++) {
            h = Integer.rotateLeft(h + (b[i] & 0xff) * P5, 11) * P1;
        }
        h ^= h >>> 15;
        h *= P2;
        h ^= h >>> 13;
        h *= P3;
        h ^= h >>> 16;
        return h;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    static int fullHash(int a) {
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        return a * 0xc0000001; // "multiplying by a large prime close to 3/4 of the tree" (3221225473U)
    }
}

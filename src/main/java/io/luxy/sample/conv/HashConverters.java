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
 * {@code sdbm}, {@code djb2}, {@code crc32}, {@code wt6} ([avalanche]) over binary input, giving
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

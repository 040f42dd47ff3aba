package io.luxy.sample.conv;

/**
 * HAProxy's key hash functions (src/hash.c: sdbm, djb2, wt6, crc32, and {@code full_hash} for
 * {@code avalanche}) for users outside the converters, such as {@code hash-type} in balancing.
 * Results are 32-bit values held in an int (unsigned in HAProxy).
 */
public final class KeyHashes {

    private KeyHashes() {
    }

    /** sdbm over {@code key}. */
    public static int sdbm(byte[] key) {
        return HashConverters.sdbm(key);
    }

    /** djb2 over {@code key}. */
    public static int djb2(byte[] key) {
        return HashConverters.djb2(key);
    }

    /** wt6 over {@code key}. */
    public static int wt6(byte[] key) {
        return HashConverters.wt6(key);
    }

    /** crc32 over {@code key}. */
    public static int crc32(byte[] key) {
        return HashConverters.crc32(key);
    }

    /** HAProxy's {@code full_hash()} avalanche of a 32-bit value. */
    public static int fullHash(int a) {
        return HashConverters.fullHash(a);
    }
}

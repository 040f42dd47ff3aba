package io.luxy.proxy.balance;

import java.util.function.ToIntFunction;

import io.luxy.sample.conv.KeyHashes;

/**
 * The hash of {@code hash-type <method> [<function>] [avalanche]}: sdbm (default), djb2, wt6 or
 * crc32, optionally followed by HAProxy's {@code full_hash} avalanche (doc/configuration.txt 4.2
 * "hash-type").
 */
record HashFunction(String name, ToIntFunction<byte[]> fn, boolean avalanche) {

    /** HAProxy's default: sdbm without avalanche. */
    static final HashFunction SDBM = new HashFunction("sdbm", KeyHashes::sdbm, false);

    /** The function called {@code name} (null: sdbm), or null when unknown. */
    static HashFunction named(String name, boolean avalanche) {
        ToIntFunction<byte[]> f = switch (name == null ? "sdbm" : name) {
            case "sdbm" -> KeyHashes::sdbm;
            case "djb2" -> KeyHashes::djb2;
            case "wt6" -> KeyHashes::wt6;
            case "crc32" -> KeyHashes::crc32;
            default -> null;
        };
        return f == null ? null : new HashFunction(name == null ? "sdbm" : name, f, avalanche);
    }

    /** The hash of {@code key} (HAProxy's {@code gen_hash} then avalanche when asked). */
    int hash(byte[] key) {
        int h = fn.applyAsInt(key);
        return avalanche ? KeyHashes.fullHash(h) : h;
    }

    /** Applies the avalanche only (for keys that are not hashed, e.g. {@code balance source}). */
    int mix(int h) {
        return avalanche ? KeyHashes.fullHash(h) : h;
    }
}

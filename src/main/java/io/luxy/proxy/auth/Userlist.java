package io.luxy.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.codec.digest.Crypt;

/**
 * One {@code userlist} section (doc/configuration.txt 3.4): its users with their passwords and
 * groups, and its declared groups. {@link #check} is HAProxy's {@code check_user()} (src/auth.c):
 * an {@code insecure-password} is compared as is, a {@code password} through crypt(3) (SHA-512
 * {@code $6$}, SHA-256 {@code $5$}, MD5 {@code $1$}, DES), both in constant time. A crypt costs
 * milliseconds, so each user remembers a digest of the last password that passed and compares
 * it first: a correct client pays the crypt once, a wrong password pays it every time, as in
 * HAProxy. Strings carry raw bytes as ISO-8859-1 characters. Immutable apart from that memo;
 * thread-safe.
 */
public final class Userlist {

    /** One {@code user} line: the password is null when none was given (never matches). */
    record User(String name, String password, boolean insecure, List<String> groups, Memo memo) {
        @Override
        public String toString() {
            return "User[" + name + ", groups=" + groups + "]"; // never the password
        }
    }

    /** The digest of the last password that passed crypt(3) for a user (null until one did). */
    static final class Memo {
        volatile byte[] digest;
    }

    private final String name;
    private final Map<String, User> users;
    private final Set<String> groups;

    Userlist(String name, Map<String, User> users, Set<String> groups) {
        this.name = name;
        this.users = Map.copyOf(users);
        this.groups = Set.copyOf(groups);
    }

    /** The userlist's name. */
    public String name() {
        return name;
    }

    /** True when {@code group} is declared in this userlist. */
    public boolean hasGroup(String group) {
        return groups.contains(group);
    }

    /** The groups of {@code user} (from its {@code groups} option and the groups' {@code users}); empty when unknown. */
    public List<String> groupsOf(String user) {
        User u = users.get(user);
        return u == null ? List.of() : u.groups();
    }

    /**
     * True when {@code user} exists and {@code password} is its password. As HAProxy's C strings,
     * both end at their first NUL character.
     */
    public boolean check(String user, String password) {
        User u = users.get(cString(user));
        if (u == null || u.password() == null || password == null) {
            return false;
        }
        byte[] given = cString(password).getBytes(StandardCharsets.ISO_8859_1);
        byte[] stored = u.password().getBytes(StandardCharsets.ISO_8859_1);
        if (u.insecure()) {
            return MessageDigest.isEqual(given, stored);
        }
        byte[] digest = sha256(given);
        byte[] memo = u.memo().digest;
        if (memo != null && MessageDigest.isEqual(memo, digest)) {
            return true;
        }
        boolean ok = MessageDigest.isEqual(crypt(given, u.password()), stored);
        if (ok) {
            u.memo().digest = digest;
        }
        return ok;
    }

    /** crypt(3) of {@code key} with the setting {@code hash}; an unsupported setting gives "*0" (libxcrypt's failure token). */
    static byte[] crypt(byte[] key, String hash) {
        try {
            return Crypt.crypt(key, hash).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return "*0".getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Userlist[" + name + ", users=" + users.keySet() + ", groups=" + groups + "]"; // never the passwords
    }
}

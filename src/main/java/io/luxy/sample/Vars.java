package io.luxy.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HAProxy variables of one stream, by scoped name ({@code proc.x}, {@code sess.x}, {@code txn.x},
 * {@code req.x}, {@code res.x}). {@code proc} is shared by the whole generation, {@code sess} by a
 * client connection, the others live for one transaction; {@code req.} is usable only during the
 * request and {@code res.} only during the response ({@link #enterResponse()}). Names with any
 * other scope are refused
 * (set returns false, get returns null), as in HAProxy 2.6 (doc/configuration.txt "set-var").
 */
public final class Vars {

    /**
     * The value of a {@code proc.} variable that exists without a value: one the configuration
     * references (HAProxy 2.6 creates those at parse time, {@code vars_check_arg()}), so that
     * {@code set_var(name, v, true)} may update it. Reads give no sample.
     */
    private static final Sample DECLARED = new Sample(SampleType.STR, "");

    private final Map<String, Sample> proc;
    private final Map<String, Sample> sess;
    private final Map<String, Sample> txn = new ConcurrentHashMap<>(4);
    private final Map<String, Sample> reqres = new ConcurrentHashMap<>(2);
    /** "req" until the server connection is established, then "res" (HAProxy's vars_reqres.scope). */
    private volatile String reqresScope = "req";

    /** A transaction's variables over shared proc and session maps. */
    public Vars(Map<String, Sample> proc, Map<String, Sample> sess) {
        this.proc = proc;
        this.sess = sess;
    }

    /** Fresh stores for a stream outside any session (e.g. a background check). */
    public static Vars standalone(Map<String, Sample> proc) {
        return new Vars(proc, new ConcurrentHashMap<>(4));
    }

    private Map<String, Sample> scope(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return null;
        }
        return switch (name.substring(0, dot)) {
            case "proc" -> proc;
            case "sess" -> sess;
            case "txn" -> txn;
            case "req", "res" -> name.startsWith(reqresScope) ? reqres : null;
            default -> null;
        };
    }

    /**
     * The stream reached its response: {@code req.} variables are dropped and refused from now
     * on, {@code res.} ones become usable (HAProxy 2.6 {@code back_establish()}: prune
     * {@code vars_reqres}, then scope SCOPE_RES). Before this, {@code res.} names are refused
     * (set returns false, get returns null), as 2.6.12 does from an http-request action.
     */
    public void enterResponse() {
        if (reqresScope.equals("req")) {
            reqres.clear();
            reqresScope = "res";
        }
    }

    /** True when the name has a valid scope prefix. */
    public static boolean validName(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return false;
        }
        return switch (name.substring(0, dot)) {
            case "proc", "sess", "txn", "req", "res" -> true;
            default -> false;
        };
    }

    /**
     * Stores a value. With {@code ifExist}, a {@code proc.} variable is only updated, never
     * created (HAProxy doc/lua-api: TXN.set_var). Returns false for an unknown scope.
     */
    public boolean set(String name, Sample value, boolean ifExist) {
        Map<String, Sample> m = scope(name);
        if (m == null) {
            return false;
        }
        if (ifExist && m == proc && !m.containsKey(name)) {
            return false;
        }
        m.put(name, value);
        return true;
    }

    /** Stores a value (creating it). */
    public boolean set(String name, Sample value) {
        return set(name, value, false);
    }

    /** The value, or null when unset or the scope is unknown. */
    public Sample get(String name) {
        Map<String, Sample> m = scope(name);
        return m == null ? null : present(m.get(name));
    }

    /** A value read from a {@code proc} map: null for a declared variable without a value. */
    public static Sample present(Sample s) {
        return s == DECLARED ? null : s;
    }

    /**
     * Creates the {@code proc.} variables that {@code text} (a configuration line) references in
     * {@code var(proc.x)}, {@code set-var(proc.x)}, {@code set-var-fmt(proc.x)} or
     * {@code unset-var(proc.x)}, without a value, as HAProxy 2.6 does at parse time.
     */
    public static void declareReferenced(String text, Map<String, Sample> proc) {
        java.util.regex.Matcher m = PROC_REF.matcher(text);
        while (m.find()) {
            proc.putIfAbsent(m.group(1), DECLARED);
        }
    }

    private static final java.util.regex.Pattern PROC_REF =
            java.util.regex.Pattern.compile("(?:var|set-var|set-var-fmt|unset-var)\\(\\s*(proc\\.[^,)\\s]+)");

    /** Removes a variable; returns true when the scope is valid. */
    public boolean unset(String name) {
        Map<String, Sample> m = scope(name);
        if (m == null) {
            return false;
        }
        m.remove(name);
        return true;
    }
}

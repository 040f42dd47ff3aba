package io.luxy.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code if}/{@code unless} condition (doc/configuration.txt 7.2, src/acl.c
 * {@code parse_acl_cond}): terms are ANDed, {@code ||} or {@code or} separate alternatives,
 * {@code !} negates the next term, and a term is a named ACL or an anonymous ACL between
 * separate {@code {} and {@code }} words. Immutable, thread-safe.
 */
public final class Condition {

    private final boolean unless;
    /** OR of AND-suites; {@code negated[i][j]} applies to {@code suites[i][j]}. */
    private final Acl[][] suites;
    private final boolean[][] negated;

    private Condition(boolean unless, Acl[][] suites, boolean[][] negated) {
        this.unless = unless;
        this.suites = suites;
        this.negated = negated;
    }

    /**
     * Parses the words after {@code ifOrUnless} ("if" or "unless"). Named ACLs are looked up in
     * {@code namedAcls}, then among HAProxy's predefined ones; an unknown name throws
     * {@code no such ACL : 'foo'}.
     */
    public static Condition parse(String ifOrUnless, List<String> words, Map<String, Acl> namedAcls, SampleRegistry reg)
            throws SampleParseException {
        boolean unless;
        if (ifOrUnless.equals("if")) {
            unless = false;
        } else if (ifOrUnless.equals("unless")) {
            unless = true;
        } else {
            throw new SampleParseException("expects 'if' or 'unless' followed by a condition but found '" + ifOrUnless + "'");
        }
        return parse(words, unless, namedAcls, reg);
    }

    /** Same as {@link #parse(String, List, Map, SampleRegistry)} with {@code negate} true for {@code unless}. */
    public static Condition parse(List<String> words, boolean negate, Map<String, Acl> namedAcls, SampleRegistry reg)
            throws SampleParseException {
        List<Acl[]> suites = new ArrayList<>(2);
        List<boolean[]> negs = new ArrayList<>(2);
        List<Acl> acls = new ArrayList<>(4);
        List<Boolean> flags = new ArrayList<>(4);
        boolean neg = false;
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            if (word.equals("!")) {
                neg = !neg;
                i++;
                continue;
            }
            if (word.startsWith("!")) {
                neg = !neg;
                word = word.substring(1);
            }
            if (word.equals("||") || word.equals("or")) {
                flush(acls, flags, suites, negs);
                neg = false;
                i++;
                continue;
            }
            Acl acl;
            if (word.equals("{")) {
                int j = i + 1;
                while (j < words.size() && !words.get(j).equals("}")) {
                    j++;
                }
                if (j >= words.size()) {
                    throw new SampleParseException("missing closing '}' in condition");
                }
                if (j == i + 1) {
                    throw new SampleParseException("missing fetch method in ACL expression ''");
                }
                acl = Acl.parse(null, List.copyOf(words.subList(i + 1, j)), reg);
                i = j + 1;
            } else {
                acl = namedAcls.get(word);
                if (acl == null) {
                    acl = Acl.predefined(word, reg);
                }
                if (acl == null) {
                    throw new SampleParseException("no such ACL : '" + word + "'");
                }
                i++;
            }
            acls.add(acl);
            flags.add(neg);
            neg = false;
        }
        flush(acls, flags, suites, negs);
        return new Condition(negate, suites.toArray(new Acl[0][]), negs.toArray(new boolean[0][]));
    }

    private static void flush(List<Acl> acls, List<Boolean> flags, List<Acl[]> suites, List<boolean[]> negs) {
        if (acls.isEmpty()) {
            return;
        }
        boolean[] n = new boolean[flags.size()];
        for (int k = 0; k < n.length; k++) {
            n[k] = flags.get(k);
        }
        suites.add(acls.toArray(new Acl[0]));
        negs.add(n);
        acls.clear();
        flags.clear();
    }

    /**
     * Evaluates the condition on this stream, {@code unless} already applied. An empty condition
     * fails, so a bare {@code if} is false and a bare {@code unless} true (verified 2.6.12).
     */
    public boolean test(SampleContext ctx) {
        boolean result = false;
        for (int s = 0; s < suites.length && !result; s++) {
            boolean all = true;
            for (int k = 0; k < suites[s].length && all; k++) {
                all = suites[s][k].test(ctx) != negated[s][k];
            }
            result = all;
        }
        return result != unless;
    }

    /** True for an {@code unless} condition. */
    public boolean isUnless() {
        return unless;
    }
}

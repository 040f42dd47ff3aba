package io.luxy.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One ACL expression: a sample expression, a match method and its patterns (src/acl.c
 * {@code parse_acl_expr}, src/pattern.c {@code pat_parse_*}/{@code pat_match_*}). It is its own
 * {@link SampleVisitor} so testing a plain fetch allocates nothing. Immutable.
 */
final class AclExpr implements SampleVisitor {

    private static final Set<String> KNOWN_METHODS = Set.of("OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT");

    private final SampleExpr expr;
    private final MatchMethod method;
    private final boolean icase;
    private final String[] strings;
    private final Pattern[] regexes;
    private final long[] lows;
    private final long[] highs;
    private final byte[][] addrs;
    private final byte[][] masks;

    private AclExpr(SampleExpr expr, MatchMethod method, boolean icase, List<String> values) throws SampleParseException {
        this.expr = expr;
        this.method = method;
        this.icase = icase;
        int n = values.size();
        MatchMethod m = method;
        strings = switch (m) {
            case STR, SUB, BEG, END, DIR, DOM, METH, BIN -> values.toArray(new String[0]);
            default -> null;
        };
        regexes = m == MatchMethod.REG ? new Pattern[n] : null;
        lows = m == MatchMethod.INT || m == MatchMethod.LEN ? new long[n] : null;
        highs = lows == null ? null : new long[n];
        addrs = m == MatchMethod.IP ? new byte[n][] : null;
        masks = addrs == null ? null : new byte[n][];
        for (int k = 0; k < n; k++) {
            String v = values.get(k);
            if (regexes != null) {
                try {
                    regexes[k] = Pattern.compile(v, icase ? Pattern.CASE_INSENSITIVE : 0);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new SampleParseException("regex '" + v + "' is invalid");
                }
            } else if (addrs != null) {
                parseNet(v, k);
            } else if (lows != null) {
                int c = v.indexOf(':');
                lows[k] = c == 0 ? Long.MIN_VALUE : Long.parseLong(v.substring(0, c));
                highs[k] = c == v.length() - 1 ? Long.MAX_VALUE : Long.parseLong(v.substring(c + 1));
            }
        }
    }

    /**
     * Parses the words after the fetch: flags ({@code -i -n -m X -u N --}), then integer operators
     * ({@code eq ge gt le lt}) or patterns. {@code kw} supplies the forced method of derived keywords.
     */
    static AclExpr parse(List<String> words, SampleRegistry reg) throws SampleParseException {
        String first = words.get(0);
        int kwEnd = SampleExpr.scanId(first, 0);
        String kwName = first.substring(0, kwEnd);
        AclKeyword kw = reg.fetch(kwName) == null ? AclKeyword.derived(kwName) : null;
        if (kw == null && reg.fetch(kwName) == null) {
            throw new SampleParseException("unknown fetch method '" + kwName + "' in ACL expression '" + first + "'");
        }
        int[] end = new int[1];
        SampleExpr expr = SampleExpr.parseAt(first, 0, reg, kw, end);
        if (end[0] < first.length()) {
            throw new SampleParseException("ACL keyword '" + kwName + "' : missing comma after "
                    + (expr.text().indexOf(',') < 0 ? "fetch keyword" : "converter") + " before '" + first.substring(end[0]) + "'");
        }
        SampleType type = expr.outputType();
        MatchMethod method = kw != null ? kw.method() : MatchMethod.defaultFor(type);
        boolean icase = false;
        int i = 1;
        while (i < words.size() && words.get(i).startsWith("-")) {
            String f = words.get(i);
            if (f.equals("--")) {
                i++;
                break;
            } else if (f.equals("-i")) {
                icase = true;
            } else if (f.equals("-n")) {
                // no DNS resolution: Luxy never resolves patterns anyway.
            } else if (f.equals("-u")) {
                i++;
            } else if (f.equals("-m")) {
                String name = i + 1 < words.size() ? words.get(++i) : "";
                MatchMethod m = MatchMethod.byName(name);
                if (m == null) {
                    throw new SampleParseException("unknown matching method '" + name + "' when parsing ACL expression");
                }
                if (!m.accepts(type)) {
                    throw new SampleParseException("matching method '" + name + "' cannot be used with fetch keyword '" + kwName + "'");
                }
                method = m;
            } else if (f.equals("-f") || f.equals("-M")) {
                throw new SampleParseException("pattern files ('" + f + "') are not supported by Luxy yet");
            } else {
                throw new SampleParseException("'" + f + "' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'");
            }
            i++;
        }
        List<String> rest = words.subList(i, words.size());
        if (method == null) {
            // Verified 2.6.12: "{ var(txn.s) }" is refused too, not only with patterns.
            throw new SampleParseException("matching method must be specified first (using '-m') when using a sample fetch of this type ('" + kwName + "')");
        }
        List<String> values = new ArrayList<>(rest.size());
        if (method == MatchMethod.INT || method == MatchMethod.LEN) {
            intPatterns(rest, values);
        } else if (method != MatchMethod.BOOL && method != MatchMethod.FOUND) {
            values.addAll(rest); // bool and found ignore patterns (verified 2.6.12: "-m bool x" is accepted)
        }
        for (String v : values) {
            String err = expr.checkAclPattern(v);
            if (err != null) {
                throw new SampleParseException(kwName + "(): " + err);
            }
        }
        return new AclExpr(expr, method, icase, values);
    }

    /** Turns {@code [op] N | N:M} words into "lo:hi" ranges as acl.c's compatibility layer does. */
    private static void intPatterns(List<String> words, List<String> out) throws SampleParseException {
        String op = "eq";
        for (String w : words) {
            if (w.equals("eq") || w.equals("ge") || w.equals("gt") || w.equals("le") || w.equals("lt")) {
                op = w;
                continue;
            }
            if (w.indexOf(':') >= 0) {
                // Verified 2.6.12: a range ignores the pending operator ("gt 1:3" matches 1..3)
                // and its bounds are unsigned ("-10:-1" is refused).
                int c = w.indexOf(':');
                if (!unsigned(w.substring(0, c)) || !unsigned(w.substring(c + 1))) {
                    throw new SampleParseException("'" + w + "' is not a valid number range");
                }
                out.add(w);
                continue;
            }
            long v = checkNumber(w, w, false);
            out.add(switch (op) {
                case "le" -> ":" + v;
                case "lt" -> ":" + (v - 1);
                case "ge" -> v + ":";
                case "gt" -> (v + 1) + ":";
                default -> v + ":" + v;
            });
        }
    }

    private static boolean unsigned(String s) {
        return s.isEmpty() || s.length() < 19 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private static long checkNumber(String s, String whole, boolean emptyOk) throws SampleParseException {
        if (s.isEmpty() && emptyOk) {
            return 0;
        }
        Long v = ArgType.parseSint(s);
        if (v == null) {
            throw new SampleParseException("'" + whole + "' is not a number");
        }
        return v;
    }

    private void parseNet(String v, int k) throws SampleParseException {
        int slash = v.indexOf('/');
        String a = slash < 0 ? v : v.substring(0, slash);
        byte[] addr = IpAddr.parseV4(a);
        if (addr == null) {
            addr = IpAddr.parseV6(a);
        }
        if (addr == null) {
            throw new SampleParseException("'" + v + "' is not a valid IPv4 or IPv6 address");
        }
        byte[] mask;
        if (slash < 0) {
            mask = IpAddr.prefixMask(addr.length * 8, addr.length);
        } else if (addr.length == 4) {
            long m = IpAddr.parseMask4(v.substring(slash + 1));
            if (m < 0) {
                throw new SampleParseException("'" + v + "' is not a valid IPv4 or IPv6 address");
            }
            mask = new byte[] {(byte) (m >> 24), (byte) (m >> 16), (byte) (m >> 8), (byte) m};
        } else {
            Long bits = ArgType.parseSint(v.substring(slash + 1));
            if (bits == null || bits < 0 || bits > 128) {
                throw new SampleParseException("'" + v + "' is not a valid IPv4 or IPv6 address");
            }
            mask = IpAddr.prefixMask(bits.intValue(), 16);
        }
        addrs[k] = IpAddr.and(addr, mask);
        masks[k] = mask;
    }

    /** True when one value of the sample expression matches one pattern; false when the fetch fails. */
    boolean test(SampleContext ctx) {
        return expr.anyValue(ctx, this);
    }

    @Override
    public boolean visit(Sample s, SampleContext ctx) {
        if (method == MatchMethod.FOUND) {
            return true;
        }
        switch (method) {
            case BOOL: {
                Sample v = Casts.cast(s, SampleType.SINT);
                return v != null && (Long) v.value() != 0;
            }
            case INT: {
                Sample v = Casts.cast(s, SampleType.SINT);
                return v != null && inRange((Long) v.value());
            }
            case LEN:
                return inRange(s.asString().length());
            case IP:
                return matchIp(Casts.addressBytes(s));
            case METH:
                return matchMeth(s.asString());
            case REG: {
                String v = s.asString();
                for (Pattern p : regexes) {
                    if (p.matcher(v).find()) {
                        return true;
                    }
                }
                return false;
            }
            default:
                return matchString(s.asString());
        }
    }

    private boolean inRange(long v) {
        for (int k = 0; k < lows.length; k++) {
            if (v >= lows[k] && v <= highs[k]) {
                return true;
            }
        }
        return false;
    }

    private boolean matchIp(byte[] a) {
        if (a == null) {
            return false;
        }
        byte[] v4 = a.length == 16 ? IpAddr.unmapV4(a) : a;
        byte[] v6 = a.length == 4 ? IpAddr.mapV4(a) : a;
        for (int k = 0; k < addrs.length; k++) {
            byte[] cand = addrs[k].length == 4 ? v4 : v6;
            if (cand != null && java.util.Arrays.equals(IpAddr.and(cand, masks[k]), addrs[k])) {
                return true;
            }
        }
        return false;
    }

    /** pat_match_meth: well-known methods compare exactly, others as strings (-i honoured). */
    private boolean matchMeth(String m) {
        boolean known = KNOWN_METHODS.contains(m);
        for (String p : strings) {
            if (KNOWN_METHODS.contains(p)) {
                if (p.equals(m)) {
                    return true;
                }
            } else if (!known && (icase ? p.equalsIgnoreCase(m) : p.equals(m))) {
                return true;
            }
        }
        return false;
    }

    private boolean matchString(String v) {
        for (String p : strings) {
            boolean ok = switch (method) {
                case STR, BIN -> p.length() == v.length() && v.regionMatches(icase, 0, p, 0, p.length());
                case BEG -> v.regionMatches(icase, 0, p, 0, p.length());
                case END -> v.length() >= p.length() && v.regionMatches(icase, v.length() - p.length(), p, 0, p.length());
                case SUB -> indexOf(v, p) >= 0;
                case DIR -> Words.match(v, p, "/?", icase);
                case DOM -> Words.match(v, p, "/?.:", icase);
                default -> false;
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private int indexOf(String v, String p) {
        if (!icase) {
            return v.indexOf(p);
        }
        for (int i = 0; i + p.length() <= v.length(); i++) {
            if (v.regionMatches(true, i, p, 0, p.length())) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return expr.text();
    }
}

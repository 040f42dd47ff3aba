package io.luxy.sample;

import java.util.List;

/**
 * A parsed sample expression {@code fetch(args),conv1(args),conv2} (doc/configuration.txt section
 * 7.3, src/sample.c {@code sample_parse_expr}). Fetches and converters are resolved once at parse
 * time; {@link #eval} only calls them and applies HAProxy's implicit casts. Immutable, thread-safe.
 */
public final class SampleExpr {

    private final String text;
    private final SampleFetch fetch;
    private final List<String> fetchArgs;
    private final Converter[] convs;
    private final List<String>[] convArgs;
    /** Name of the last converter (or ""), for HAProxy's "missing comma after converter" message. */
    private final String lastConverterName;

    private SampleExpr(String text, SampleFetch fetch, List<String> fetchArgs, Converter[] convs, List<String>[] convArgs,
            String lastConverterName) {
        this.lastConverterName = lastConverterName;
        this.text = text;
        this.fetch = fetch;
        this.fetchArgs = fetchArgs;
        this.convs = convs;
        this.convArgs = convArgs;
    }

    /**
     * Parses a whole expression such as {@code req.hdr(host),lower}; throws with HAProxy's text,
     * e.g. {@code unknown fetch method 'foo'} or {@code unknown converter 'bar'}.
     */
    public static SampleExpr parse(String text, SampleRegistry reg) throws SampleParseException {
        int[] end = new int[1];
        SampleExpr e = parseAt(text, 0, reg, null, end);
        if (end[0] < text.length()) {
            throw new SampleParseException("missing comma after " + (e.convs.length == 0
                    ? "fetch keyword '" + e.fetchName() + "'" : "converter '" + e.lastConverterName + "'"));
        }
        return e;
    }

    /** The fetch's {@link SampleFetch#checkAclPattern} for {@code pattern} (null when valid or after converters). */
    String checkAclPattern(String pattern) {
        return convs.length == 0 ? fetch.checkAclPattern(fetchArgs, pattern) : null;
    }

    private String fetchName() {
        int p = text.indexOf('(');
        int c = text.indexOf(',');
        int end = p < 0 ? c : c < 0 ? p : Math.min(p, c);
        return end < 0 ? text : text.substring(0, end);
    }

    /**
     * Parses the expression starting at {@code start} and stops at the first character that cannot
     * continue it (e.g. the {@code ]} of a log-format); {@code end[0]} receives that index.
     * With {@code aclKeyword} non-null the fetch was already resolved from an ACL keyword (e.g.
     * {@code path_beg} → {@code path}) and argument errors read {@code ACL keyword 'path_beg' : ...}.
     */
    static SampleExpr parseAt(String text, int start, SampleRegistry reg, AclKeyword aclKeyword, int[] end)
            throws SampleParseException {
        int i = scanId(text, start);
        String name = text.substring(start, i);
        SampleFetch fetch;
        String prefix;
        if (aclKeyword != null) {
            fetch = reg.fetch(aclKeyword.fetchName());
            prefix = "ACL keyword '" + name + "' : ";
        } else {
            if (name.isEmpty()) {
                throw new SampleParseException("missing fetch method");
            }
            fetch = reg.fetch(name);
            if (fetch == null) {
                throw new SampleParseException("unknown fetch method '" + name + "'");
            }
            prefix = "fetch method '" + name + "' : ";
        }
        List<String> fargs = List.of();
        if (i < text.length() && text.charAt(i) == '(') {
            ArgList al = ArgList.parse(text, i + 1);
            if (al == null) {
                throw new SampleParseException(prefix + "expected ')'");
            }
            checkArgs(fetch.argSpec(), al, text, i + 1, prefix, null, "invalid args in fetch method '" + name + "' : ");
            fargs = al.args();
            i = al.end();
        } else {
            checkArgs(fetch.argSpec(), null, text, i, prefix, null, "invalid args in fetch method '" + name + "' : ");
        }
        java.util.ArrayList<Converter> convs = new java.util.ArrayList<>(2);
        java.util.ArrayList<List<String>> cargs = new java.util.ArrayList<>(2);
        String lastConv = "";
        while (i < text.length() && text.charAt(i) == ',') {
            int cs = i + 1;
            i = scanId(text, cs);
            String cname = text.substring(cs, i);
            Converter conv = reg.converter(cname);
            if (conv == null) {
                throw new SampleParseException("unknown converter '" + cname + "'");
            }
            String vprefix = "invalid args in converter '" + cname + "' : ";
            List<String> args = List.of();
            if (i < text.length() && text.charAt(i) == '(') {
                ArgList al = ArgList.parse(text, i + 1);
                if (al == null) {
                    throw new SampleParseException("invalid arg 1 in converter '" + cname + "' : expected ')'");
                }
                checkArgs(conv.argSpec(), al, text, i + 1, null, cname, vprefix);
                args = al.args();
                i = al.end();
            } else {
                checkArgs(conv.argSpec(), null, text, i, null, cname, vprefix);
            }
            convs.add(conv);
            cargs.add(args);
            lastConv = cname;
        }
        end[0] = i;
        @SuppressWarnings("unchecked")
        List<String>[] ca = cargs.toArray(new List[0]);
        return new SampleExpr(text.substring(start, i), fetch, fargs, convs.toArray(new Converter[0]), ca, lastConv);
    }

    private static String argPrefix(String fetchPrefix, String conv, int argNo) {
        return fetchPrefix != null ? fetchPrefix : "invalid arg " + argNo + " in converter '" + conv + "' : ";
    }

    /** Checks arguments as {@code make_arg_list} does and reports with HAProxy's wording. */
    private static void checkArgs(ArgSpec spec, ArgList al, String text, int argsPos, String fetchPrefix, String conv,
            String validatorPrefix) throws SampleParseException {
        List<String> args = al == null ? List.of() : al.args();
        int max = spec.max();
        if (args.size() > max) {
            int at = max == 0 ? al.starts()[0] : al.starts()[max] - 1;
            throw new SampleParseException(argPrefix(fetchPrefix, conv, max + 1) + "expected ')' before '" + text.substring(at) + "'");
        }
        if (args.size() < spec.min()) {
            int pos = args.size() + 1;
            String type = spec.types().get(args.size()).haproxyName();
            throw new SampleParseException(argPrefix(fetchPrefix, conv, pos) + (args.isEmpty()
                    ? "expected type '" + type + "' at position " + pos + ", but got nothing"
                    : "missing arguments (got " + args.size() + "/" + spec.min() + "), type '" + type + "' expected"));
        }
        if (spec.types() != null) {
            for (int k = 0; k < args.size(); k++) {
                ArgType t = spec.types().get(k);
                if (!t.accepts(args.get(k))) {
                    throw new SampleParseException(argPrefix(fetchPrefix, conv, k + 1) + "failed to parse '" + args.get(k)
                            + "' as type '" + t.haproxyName() + "' at position " + (k + 1));
                }
            }
        }
        if (spec.validator() != null) {
            String err = spec.validator().apply(args);
            if (err != null) {
                throw new SampleParseException(validatorPrefix + err);
            }
        }
    }

    static int scanId(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '$') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Evaluates the expression: the fetch then each converter with its input cast; null when any step fails. */
    public Sample eval(SampleContext ctx) {
        Sample s = fetch.fetch(ctx, fetchArgs);
        return s == null ? null : convert(s, ctx);
    }

    private Sample convert(Sample s, SampleContext ctx) {
        for (int k = 0; k < convs.length && s != null; k++) {
            s = Casts.cast(s, convs[k].inputType());
            if (s != null) {
                s = convs[k].convert(s, convArgs[k], ctx);
            }
        }
        return s;
    }

    /** ACL evaluation: true when {@code visitor} accepts one of the converted values of a multi-valued fetch. */
    public boolean anyValue(SampleContext ctx, SampleVisitor visitor) {
        if (convs.length == 0) {
            return fetch.anyValue(ctx, fetchArgs, visitor);
        }
        // One capturing lambda per ACL test: converters must run on each value of the fetch.
        return fetch.anyValue(ctx, fetchArgs, (s, c) -> {
            Sample out = convert(s, c);
            return out != null && visitor.visit(out, c);
        });
    }

    /** The output type of the last converter (or of the fetch); null means any. */
    public SampleType outputType() {
        SampleType t = fetch.outputType();
        for (Converter c : convs) {
            SampleType o = c.outputType();
            t = o != null ? o : t;
        }
        return t;
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}

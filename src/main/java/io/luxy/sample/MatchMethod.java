package io.luxy.sample;

/**
 * ACL pattern matching methods ({@code -m NAME}, src/pattern.c {@code pat_match_names}) plus the
 * implicit method match of the {@code method} keyword. The sample is cast to {@link #sampleType}
 * before matching.
 */
enum MatchMethod {
    FOUND("found", null),
    BOOL("bool", SampleType.SINT),
    INT("int", SampleType.SINT),
    IP("ip", SampleType.IPV6),
    BIN("bin", SampleType.BIN),
    LEN("len", SampleType.STR),
    STR("str", SampleType.STR),
    SUB("sub", SampleType.STR),
    REG("reg", SampleType.STR),
    BEG("beg", SampleType.STR),
    END("end", SampleType.STR),
    DIR("dir", SampleType.STR),
    DOM("dom", SampleType.STR),
    METH(null, SampleType.METH);

    final String haproxyName;
    final SampleType sampleType;

    MatchMethod(String haproxyName, SampleType sampleType) {
        this.haproxyName = haproxyName;
        this.sampleType = sampleType;
    }

    /** The method for {@code -m NAME}, or null when unknown. */
    static MatchMethod byName(String name) {
        for (MatchMethod m : values()) {
            if (name.equals(m.haproxyName)) {
                return m;
            }
        }
        return null;
    }

    /** The default method for a fetch output type (acl.c: by {@code smp_expr_output_type}); null for "any". */
    static MatchMethod defaultFor(SampleType t) {
        if (t == null) {
            return null;
        }
        return switch (t) {
            case BOOL -> BOOL;
            case SINT -> INT;
            case IPV4, IPV6 -> IP;
            case BIN -> BIN;
            case METH -> METH;
            case STR -> STR;
        };
    }

    /** Whether HAProxy's {@code sample_casts} allow matching a sample of type {@code from} this way. */
    boolean accepts(SampleType from) {
        if (from == null || this == FOUND) {
            return true;
        }
        return switch (this) {
            case BOOL, INT -> from != SampleType.METH && from != SampleType.BIN && from != SampleType.IPV6;
            case IP -> from == SampleType.IPV4 || from == SampleType.IPV6 || from == SampleType.STR || from == SampleType.SINT;
            default -> true;
        };
    }
}

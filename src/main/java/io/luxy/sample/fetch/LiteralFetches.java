package io.luxy.sample.fetch;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleType;
import io.luxy.sample.Vars;
import java.util.Map;

/** Constant and variable fetches: {@code str}, {@code int}, {@code bool}, {@code always_true/false}, {@code var} (doc 7.3.2). */
final class LiteralFetches {

    private static final Sample TRUE = Sample.bool(true);
    private static final Sample FALSE = Sample.bool(false);

    private LiteralFetches() {
    }

    static void register(Map<String, SampleFetch> m) {
        m.put("always_true", FetchDef.of(SampleType.BOOL, ArgSpec.NONE, (ctx, a) -> TRUE));
        m.put("always_false", FetchDef.of(SampleType.BOOL, ArgSpec.NONE, (ctx, a) -> FALSE));
        // HAProxy 2.6 accepts "str" without argument (verified: %[str] is valid) and yields "".
        m.put("str", FetchDef.of(SampleType.STR, ArgSpec.of(0, ArgType.STR),
                (ctx, a) -> Sample.str(a.isEmpty() ? "" : a.get(0))));
        m.put("int", FetchDef.of(SampleType.SINT, ArgSpec.of(1, ArgType.SINT),
                (ctx, a) -> Sample.sint(Long.parseLong(a.get(0)))));
        m.put("bool", FetchDef.of(SampleType.BOOL, ArgSpec.of(1, ArgType.STR).validatedBy(LiteralFetches::checkBool),
                (ctx, a) -> parseBool(a.get(0)) ? TRUE : FALSE));
        m.put("var", FetchDef.of(null, ArgSpec.of(1, ArgType.STR).validatedBy(LiteralFetches::checkVar),
                (ctx, a) -> ctx.vars().get(a.get(0))));
    }

    /** smp_fetch_const_bool: "true"/"1" are true, "false"/"0" false, anything else refused. */
    private static boolean parseBool(String s) {
        return s.equals("true") || s.equals("1");
    }

    private static String checkBool(java.util.List<String> a) {
        String s = a.get(0);
        return s.equals("true") || s.equals("1") || s.equals("false") || s.equals("0") ? null
                : "Expects 'true', 'false', '0' or '1'";
    }

    /** vars_check_arg's message (src/vars.c), verified against 2.6.12. */
    static String checkVar(java.util.List<String> a) {
        String name = a.get(0);
        if (Vars.validName(name) || name.startsWith("check.") && name.length() > 6) {
            return null;
        }
        return "invalid variable name '" + name + "'. A variable name must be start by its scope. "
                + "The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'";
    }
}

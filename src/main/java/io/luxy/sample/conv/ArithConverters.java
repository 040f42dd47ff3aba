package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Casts;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleType;
import io.luxy.sample.Vars;
import java.util.List;
import java.util.Map;

/**
 * {@code bool}, {@code not}, {@code add}, {@code sub}, {@code mul}, {@code div} on signed 64-bit
 * integers with HAProxy's capped (saturating) arithmetic (src/sample.c {@code arith_add}). The
 * argument is an integer or a variable name; an unset variable makes the converter fail.
 */
final class ArithConverters {

    private ArithConverters() {
    }

    @FunctionalInterface
    private interface Op {
        long apply(long a, long b);
    }

    static void register(Map<String, Converter> m) {
        m.put("bool", new ConvDef(SampleType.SINT, SampleType.BOOL, ArgSpec.NONE, (in, a, c) -> Sample.bool((Long) in.value() != 0)));
        m.put("not", new ConvDef(SampleType.SINT, SampleType.BOOL, ArgSpec.NONE, (in, a, c) -> Sample.bool((Long) in.value() == 0)));
        m.put("add", arith(ArithConverters::add));
        m.put("sub", arith(ArithConverters::sub));
        m.put("mul", arith(ArithConverters::mul));
        m.put("div", arith(ArithConverters::div));
    }

    private static ConvDef arith(Op op) {
        // The argument is optional in 2.6 (verified: int(5),add gives 5, i.e. a missing value is 0).
        ArgSpec spec = ArgSpec.of(0, ArgType.STR).validatedBy(ArithConverters::checkArg);
        return new ConvDef(SampleType.SINT, SampleType.SINT, spec, (in, a, ctx) -> {
            Long b = operand(a, ctx);
            return b == null ? null : Sample.sint(op.apply((Long) in.value(), b));
        });
    }

    private static String checkArg(List<String> a) {
        if (a.isEmpty() || ArgType.parseSint(a.get(0)) != null || Vars.validName(a.get(0))) {
            return null;
        }
        return "invalid variable name '" + a.get(0) + "'. A variable name must be start by its scope. "
                + "The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'";
    }

    private static Long operand(List<String> a, SampleContext ctx) {
        if (a.isEmpty()) {
            return 0L;
        }
        Long v = ArgType.parseSint(a.get(0));
        if (v != null) {
            return v;
        }
        Sample s = ctx.vars().get(a.get(0));
        if (s == null) {
            return null;
        }
        s = Casts.cast(s, SampleType.SINT);
        return s == null ? null : (Long) s.value();
    }

    static long add(long a, long b) {
        if ((a ^ b) >= 0) {
            if (a < 0 && Long.MIN_VALUE - a > b) {
                return Long.MIN_VALUE;
            }
            if (Long.MAX_VALUE - a < b) {
                return Long.MAX_VALUE;
            }
        }
        return a + b;
    }

    static long sub(long a, long b) {
        if (b == Long.MIN_VALUE) {
            long r = add(a, Long.MAX_VALUE);
            return r < Long.MAX_VALUE ? r + 1 : r;
        }
        return add(a, -b);
    }

    static long mul(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        if (a == Long.MIN_VALUE && b == -1) {
            return Long.MAX_VALUE;
        }
        long c = a * b;
        if (a != c / b) {
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return c;
    }

    /** Division by zero gives LLONG_MAX (verified 2.6.12: int(5),div(0) = 9223372036854775807). */
    static long div(long a, long b) {
        if (b == 0) {
            return Long.MAX_VALUE;
        }
        if (a == Long.MIN_VALUE && b == -1) {
            return Long.MAX_VALUE;
        }
        return a / b;
    }
}

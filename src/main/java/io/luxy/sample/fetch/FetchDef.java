package io.luxy.sample.fetch;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleType;
import io.luxy.sample.SampleVisitor;
import java.util.List;

/** A built-in fetch: its function, output type, arguments and optional multi-value iteration for ACLs. */
record FetchDef(SampleType outputType, ArgSpec argSpec, SampleFetch fn, Multi multi) implements SampleFetch {

    /** Iterates every value of a multi-valued fetch (HAProxy {@code SMP_F_NOT_LAST}). */
    @FunctionalInterface
    interface Multi {
        boolean anyValue(SampleContext ctx, List<String> args, SampleVisitor visitor);
    }

    static FetchDef of(SampleType out, ArgSpec spec, SampleFetch fn) {
        return new FetchDef(out, spec, fn, null);
    }

    @Override
    public Sample fetch(SampleContext ctx, List<String> args) {
        return fn.fetch(ctx, args);
    }

    @Override
    public boolean anyValue(SampleContext ctx, List<String> args, SampleVisitor visitor) {
        if (multi == null) {
            Sample s = fn.fetch(ctx, args);
            return s != null && visitor.visit(s, ctx);
        }
        return multi.anyValue(ctx, args, visitor);
    }
}

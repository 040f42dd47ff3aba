package io.luxy.sample;

import java.util.List;

/**
 * A sample fetch (HAProxy doc/configuration.txt section 7.3): reads a value from the stream.
 * Returns null when the sample is not available (HAProxy: the fetch fails). Must not block.
 */
@FunctionalInterface
public interface SampleFetch {

    /** The sample, or null when the fetch fails; {@code args} were checked against {@link #argSpec()}. */
    Sample fetch(SampleContext ctx, List<String> args);

    /** The output type ({@code sample_fetch.out_type}), used for ACL default matching; null means any (e.g. {@code var}). */
    default SampleType outputType() {
        return SampleType.STR;
    }

    /** The arguments accepted, checked at parse time; Lua fetches take any strings. */
    default ArgSpec argSpec() {
        return ArgSpec.ANY;
    }

    /**
     * ACL evaluation: feeds each value in order (HAProxy {@code SMP_F_NOT_LAST}, e.g. every
     * {@code hdr} occurrence) until the visitor returns true; returns whether it did.
     */
    default boolean anyValue(SampleContext ctx, List<String> args, SampleVisitor visitor) {
        Sample s = fetch(ctx, args);
        return s != null && visitor.visit(s, ctx);
    }

    /**
     * Checks one ACL pattern of this fetch at parse time (e.g. {@code http_auth_group} patterns
     * must be groups of its userlist); HAProxy's error text, or null when valid.
     */
    default String checkAclPattern(List<String> args, String pattern) {
        return null;
    }
}

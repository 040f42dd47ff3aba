package io.luxy.sample;

import java.util.List;

/**
 * A sample converter (HAProxy doc/configuration.txt section 7.3.1): transforms a sample.
 * Returns null when the conversion fails. Must not block.
 */
@FunctionalInterface
public interface Converter {

    /** The converted sample or null on failure; {@code input} is already cast to {@link #inputType()}. */
    Sample convert(Sample input, List<String> args, SampleContext ctx);

    /** The type the input is cast to first ({@code sample_conv.in_type}); null means any (no cast). Lua converters take STR. */
    default SampleType inputType() {
        return SampleType.STR;
    }

    /** The output type ({@code sample_conv.out_type}); null means it depends on the input. */
    default SampleType outputType() {
        return SampleType.STR;
    }

    /** The arguments accepted, checked at parse time; Lua converters take any strings. */
    default ArgSpec argSpec() {
        return ArgSpec.ANY;
    }
}

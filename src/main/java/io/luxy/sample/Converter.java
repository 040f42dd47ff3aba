package io.luxy.sample;

import java.util.List;

/**
 * A sample converter (HAProxy doc/configuration.txt section 7.3.1): transforms a sample.
 * Returns null when the conversion fails. Must not block.
 */
@FunctionalInterface
public interface Converter {
    Sample convert(Sample input, List<String> args, SampleContext ctx);
}

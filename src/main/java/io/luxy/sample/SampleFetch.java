package io.luxy.sample;

import java.util.List;

/**
 * A sample fetch (HAProxy doc/configuration.txt section 7.3): reads a value from the stream.
 * Returns null when the sample is not available (HAProxy: the fetch fails). Must not block.
 */
@FunctionalInterface
public interface SampleFetch {
    Sample fetch(SampleContext ctx, List<String> args);
}

package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleType;
import java.util.List;

/** A built-in converter: its function plus HAProxy's in/out types and argument spec. */
record ConvDef(SampleType inputType, SampleType outputType, ArgSpec argSpec, Converter fn) implements Converter {

    @Override
    public Sample convert(Sample input, List<String> args, SampleContext ctx) {
        return fn.convert(input, args, ctx);
    }
}

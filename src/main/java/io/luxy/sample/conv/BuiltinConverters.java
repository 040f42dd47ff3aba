package io.luxy.sample.conv;

import io.luxy.sample.Converter;
import java.util.HashMap;
import java.util.Map;

/** The built-in converters by HAProxy name (doc/configuration.txt 7.3.1), as registered at startup. */
public final class BuiltinConverters {

    private BuiltinConverters() {
    }

    /** A fresh mutable map of every built-in converter. */
    public static Map<String, Converter> all() {
        Map<String, Converter> m = new HashMap<>();
        HashConverters.register(m);
        StringConverters.register(m);
        EncodingConverters.register(m);
        ArithConverters.register(m);
        IpMaskConverter.register(m);
        RegsubConverter.register(m);
        MapConverters.register(m, new io.luxy.sample.Maps());
        return m;
    }
}

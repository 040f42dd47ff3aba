package io.luxy.sample.fetch;

import io.luxy.sample.SampleFetch;
import java.util.HashMap;
import java.util.Map;

/** The built-in fetches by HAProxy name (doc/configuration.txt 7.3.2-7.3.6), as registered at startup. */
public final class BuiltinFetches {

    private BuiltinFetches() {
    }

    /** A fresh mutable map of every built-in fetch. */
    public static Map<String, SampleFetch> all() {
        Map<String, SampleFetch> m = new HashMap<>();
        AddressFetches.register(m);
        LiteralFetches.register(m);
        RequestLineFetches.register(m);
        HeaderFetches.register(m);
        MessageFetches.register(m);
        ProxyFetches.register(m, io.luxy.sample.ProxyLookup.NONE);
        AuthFetches.register(m, io.luxy.sample.UserlistLookup.NONE);
        return m;
    }
}

package io.luxy.sample;

import io.luxy.sample.conv.BuiltinConverters;
import io.luxy.sample.fetch.BuiltinFetches;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sample fetches and converters known by HAProxy name (src/sample.c {@code sample_register_fetches}).
 * Immutable: {@link #withFetch}/{@link #withConverter} return a new registry, so each config
 * generation can add its Lua {@code lua.NAME} keywords without affecting running ones.
 */
public final class SampleRegistry {

    private static final SampleRegistry BUILTIN = new SampleRegistry(BuiltinFetches.all(), BuiltinConverters.all());

    private final Map<String, SampleFetch> fetches;
    private final Map<String, Converter> converters;

    private SampleRegistry(Map<String, SampleFetch> fetches, Map<String, Converter> converters) {
        this.fetches = Collections.unmodifiableMap(fetches);
        this.converters = Collections.unmodifiableMap(converters);
    }

    /** The built-in HAProxy 2.6 fetches and converters that Luxy implements (a shared singleton). */
    public static SampleRegistry builtin() {
        return BUILTIN;
    }

    /** A copy with one more (or a replaced) fetch, e.g. {@code lua.myfetch}. */
    public SampleRegistry withFetch(String name, SampleFetch f) {
        Map<String, SampleFetch> m = new HashMap<>(fetches);
        m.put(name, f);
        return new SampleRegistry(m, converters);
    }

    /** A copy with one more (or a replaced) converter, e.g. {@code lua.myconv}. */
    public SampleRegistry withConverter(String name, Converter c) {
        Map<String, Converter> m = new HashMap<>(converters);
        m.put(name, c);
        return new SampleRegistry(fetches, m);
    }

    /**
     * A copy whose {@code nbsrv}/{@code be_conn}/{@code srv_is_up} read {@code proxies} and whose
     * map converters load files into {@code maps}: one per generation, so maps are loaded once
     * and shared by every rule of the generation.
     */
    public SampleRegistry forGeneration(ProxyLookup proxies, Maps maps) {
        Map<String, SampleFetch> f = new HashMap<>(fetches);
        io.luxy.sample.fetch.ProxyFetches.register(f, proxies);
        Map<String, Converter> c = new HashMap<>(converters);
        io.luxy.sample.conv.MapConverters.register(c, maps);
        return new SampleRegistry(f, c);
    }

    /**
     * A copy whose {@code http_auth*} fetches check credentials against {@code users} (the
     * generation's {@code userlist} sections, doc/configuration.txt 3.4 and 7.3.6).
     */
    public SampleRegistry withUserlists(UserlistLookup users) {
        Map<String, SampleFetch> f = new HashMap<>(fetches);
        io.luxy.sample.fetch.AuthFetches.register(f, users);
        return new SampleRegistry(f, converters);
    }

    /** The fetch registered under its HAProxy name, or null when unknown. */
    public SampleFetch fetch(String name) {
        return fetches.get(name);
    }

    /** The converter registered under its HAProxy name, or null when unknown. */
    public Converter converter(String name) {
        return converters.get(name);
    }

    /** All fetch names (HAProxy spelling, e.g. {@code req.hdr}). */
    public Set<String> fetchNames() {
        return fetches.keySet();
    }

    /** All converter names (HAProxy spelling). */
    public Set<String> converterNames() {
        return converters.keySet();
    }

    /**
     * The name under which Lua sees a keyword in {@code txn.f}/{@code txn.c}: '.', '-' and '+'
     * become '_' ({@code req.fhdr} → {@code req_fhdr}; src/hlua.c {@code hlua_fetches_new}).
     */
    public static String luaName(String haproxyName) {
        return haproxyName.replace('.', '_').replace('-', '_').replace('+', '_');
    }

    /** Lua name → HAProxy name for every fetch, sorted (what {@code txn.f} exports). */
    public Map<String, String> luaFetchNames() {
        return luaNames(fetches.keySet());
    }

    /** Lua name → HAProxy name for every converter, sorted (what {@code txn.c} exports). */
    public Map<String, String> luaConverterNames() {
        return luaNames(converters.keySet());
    }

    private static Map<String, String> luaNames(Set<String> names) {
        Map<String, String> m = new TreeMap<>();
        for (String n : names) {
            m.put(luaName(n), n);
        }
        return Collections.unmodifiableMap(m);
    }
}

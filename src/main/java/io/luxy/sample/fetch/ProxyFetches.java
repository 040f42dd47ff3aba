package io.luxy.sample.fetch;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.ProxyLookup;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleType;
import java.util.List;
import java.util.Map;

/**
 * Backend state fetches {@code nbsrv([backend])}, {@code be_conn([backend])} and
 * {@code srv_is_up([backend/]server)} (doc 7.3.2), bound to one generation's {@link ProxyLookup}.
 * Backend and server names are checked at parse time with HAProxy's messages (src/arg.c
 * {@code smp_resolve_args}). Without a backend argument the stream's backend is used, and before
 * the backend is chosen (frontend rules) the count is 0, as for HAProxy's frontend proxy.
 */
public final class ProxyFetches {

    private ProxyFetches() {
    }

    /** Registers the three fetches over {@code proxies} into {@code m}. */
    public static void register(Map<String, SampleFetch> m, ProxyLookup proxies) {
        ArgSpec be = ArgSpec.of(0, ArgType.STR).validatedBy(a -> checkBackend(a, proxies));
        m.put("nbsrv", FetchDef.of(SampleType.SINT, be, (ctx, a) -> count(ctx, a, proxies, true)));
        m.put("be_conn", FetchDef.of(SampleType.SINT, be, (ctx, a) -> count(ctx, a, proxies, false)));
        m.put("srv_is_up", FetchDef.of(SampleType.BOOL, ArgSpec.of(1, ArgType.STR).validatedBy(a -> checkServer(a, proxies)),
                (ctx, a) -> serverUp(ctx, a, proxies)));
    }

    private static String checkBackend(List<String> a, ProxyLookup proxies) {
        if (a.isEmpty() || a.get(0).isEmpty() || proxies == ProxyLookup.NONE || proxies.hasBackend(a.get(0))) {
            return null;
        }
        return "unable to find backend '" + a.get(0) + "'";
    }

    private static String checkServer(List<String> a, ProxyLookup proxies) {
        String arg = a.get(0);
        int slash = arg.indexOf('/');
        if (slash < 0 || proxies == ProxyLookup.NONE) {
            return null;
        }
        String be = arg.substring(0, slash);
        if (!proxies.hasBackend(be)) {
            return "unable to find backend '" + be + "'";
        }
        String srv = arg.substring(slash + 1);
        return proxies.hasServer(be, srv) ? null : "unable to find server '" + srv + "' in backend '" + be + "'";
    }

    private static String backend(SampleContext ctx, List<String> a) {
        return a.isEmpty() || a.get(0).isEmpty() ? ctx.backendName() : a.get(0);
    }

    private static Sample count(SampleContext ctx, List<String> a, ProxyLookup proxies, boolean servers) {
        String be = backend(ctx, a);
        if (be == null) {
            return Sample.sint(0);
        }
        int n = servers ? proxies.usableServers(be) : proxies.currentConns(be);
        return n < 0 ? null : Sample.sint(n);
    }

    private static Sample serverUp(SampleContext ctx, List<String> a, ProxyLookup proxies) {
        String arg = a.get(0);
        int slash = arg.indexOf('/');
        String be = slash < 0 ? ctx.backendName() : arg.substring(0, slash);
        if (be == null) {
            return null;
        }
        Boolean up = proxies.serverUp(be, arg.substring(slash + 1));
        return up == null ? null : Sample.bool(up);
    }
}

package io.luxy.sample.fetch;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleType;
import io.luxy.sample.SampleVisitor;
import java.util.List;
import java.util.Map;

/** Request line fetches {@code method}, {@code path}, {@code url}, {@code query}, {@code base}, {@code url_param}/{@code urlp}, {@code unique-id} (doc 7.3.6). */
final class RequestLineFetches {

    private RequestLineFetches() {
    }

    static void register(Map<String, SampleFetch> m) {
        m.put("method", FetchDef.of(SampleType.METH, ArgSpec.NONE,
                (ctx, a) -> ctx.hasHttpRequest() && ctx.method() != null ? new Sample(SampleType.METH, ctx.method()) : null));
        m.put("unique-id", FetchDef.of(SampleType.STR, ArgSpec.NONE, (ctx, a) -> {
            String id = ctx.uniqueId(); // generated on first use from unique-id-format (doc 7.3.6 unique-id)
            return id == null ? null : Sample.str(id);
        }));
        m.put("req.proto_http", FetchDef.of(SampleType.BOOL, ArgSpec.NONE, (ctx, a) -> Sample.bool(ctx.hasHttpRequest())));
        m.put("url", FetchDef.of(SampleType.STR, ArgSpec.NONE,
                (ctx, a) -> ctx.hasHttpRequest() && ctx.uri() != null ? Sample.str(ctx.uri()) : null));
        m.put("path", FetchDef.of(SampleType.STR, ArgSpec.NONE, (ctx, a) -> {
            String p = path(ctx);
            return p == null ? null : Sample.str(p);
        }));
        m.put("query", FetchDef.of(SampleType.STR, ArgSpec.NONE, (ctx, a) -> {
            String q = query(ctx);
            return q == null ? null : Sample.str(q);
        }));
        m.put("base", FetchDef.of(SampleType.STR, ArgSpec.NONE, (ctx, a) -> {
            String p = path(ctx);
            if (p == null) {
                return null;
            }
            String host = HeaderFetches.host(ctx);
            return Sample.str(host == null || host.isEmpty() ? p : host + p);
        }));
        FetchDef urlp = new FetchDef(SampleType.STR, ArgSpec.of(0, ArgType.STR, ArgType.STR),
                (ctx, a) -> {
                    String[] first = new String[1];
                    params(ctx, a, (v, c) -> {
                        first[0] = (String) v.value();
                        return true;
                    });
                    return first[0] == null ? null : Sample.str(first[0]);
                }, RequestLineFetches::params);
        m.put("url_param", urlp);
        m.put("urlp", urlp);
    }

    /** The path part of the URI: before '?', without scheme and authority for absolute-form URIs; null if none. */
    static String path(SampleContext ctx) {
        if (!ctx.hasHttpRequest() || ctx.uri() == null) {
            return null;
        }
        String u = ctx.uri();
        int start = 0;
        if (!u.startsWith("/")) {
            int scheme = u.indexOf("://");
            if (scheme < 0) {
                return null;
            }
            start = u.indexOf('/', scheme + 3);
            if (start < 0) {
                return null;
            }
        }
        int q = u.indexOf('?', start);
        return u.substring(start, q < 0 ? u.length() : q);
    }

    private static String query(SampleContext ctx) {
        if (!ctx.hasHttpRequest() || ctx.uri() == null) {
            return null;
        }
        String u = ctx.uri();
        int q = u.indexOf('?');
        return q < 0 ? null : u.substring(q + 1);
    }

    /** Visits values of parameter {@code a[0]} (any when absent) split by '&' or {@code a[1]}'s first char. */
    private static boolean params(SampleContext ctx, List<String> a, SampleVisitor visitor) {
        String q = query(ctx);
        if (q == null) {
            return false;
        }
        String name = a.isEmpty() || a.get(0).isEmpty() ? null : a.get(0);
        char delim = a.size() > 1 && !a.get(1).isEmpty() ? a.get(1).charAt(0) : '&';
        int pos = 0;
        while (pos <= q.length()) {
            int end = q.indexOf(delim, pos);
            if (end < 0) {
                end = q.length();
            }
            int eq = q.indexOf('=', pos);
            boolean hasEq = eq >= 0 && eq < end;
            if (name == null ? end > pos : hasEq && eq - pos == name.length() && q.startsWith(name, pos)) {
                String v = hasEq ? q.substring(eq + 1, end) : "";
                if (visitor.visit(Sample.str(v), ctx)) {
                    return true;
                }
            }
            pos = end + 1;
        }
        return false;
    }
}

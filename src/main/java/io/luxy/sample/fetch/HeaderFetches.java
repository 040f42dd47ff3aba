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

/**
 * Request header fetches {@code req.hdr}/{@code hdr}, {@code req.fhdr}, {@code req.hdr_cnt}/{@code hdr_cnt},
 * {@code req.fhdr_cnt} and {@code req.cook}/{@code cook} (doc 7.3.6). {@code hdr} splits values at
 * commas outside double quotes ({@code http_find_header} with full=0), {@code fhdr} keeps whole lines.
 * Without an occurrence the last value is returned; in ACLs every value is tried.
 */
final class HeaderFetches {

    private HeaderFetches() {
    }

    static void register(Map<String, SampleFetch> m) {
        ArgSpec hdrArgs = ArgSpec.of(0, ArgType.STR, ArgType.SINT);
        FetchDef hdr = new FetchDef(SampleType.STR, hdrArgs, (ctx, a) -> nth(ctx, a, false),
                (ctx, a, v) -> each(ctx, a, false, v));
        FetchDef fhdr = new FetchDef(SampleType.STR, hdrArgs, (ctx, a) -> nth(ctx, a, true),
                (ctx, a, v) -> each(ctx, a, true, v));
        ArgSpec cntArgs = ArgSpec.of(0, ArgType.STR);
        FetchDef cnt = FetchDef.of(SampleType.SINT, cntArgs,
                (ctx, a) -> ctx.hasHttpRequest() ? Sample.sint(count(ctx.requestHeaders(), name(a), false)) : null);
        FetchDef fcnt = FetchDef.of(SampleType.SINT, cntArgs,
                (ctx, a) -> ctx.hasHttpRequest() ? Sample.sint(count(ctx.requestHeaders(), name(a), true)) : null);
        FetchDef cook = new FetchDef(SampleType.STR, ArgSpec.of(0, ArgType.STR), HeaderFetches::lastCookie,
                HeaderFetches::eachCookie);
        m.put("req.hdr", hdr);
        m.put("hdr", hdr);
        m.put("req.fhdr", fhdr);
        m.put("req.hdr_cnt", cnt);
        m.put("hdr_cnt", cnt);
        m.put("req.fhdr_cnt", fcnt);
        m.put("req.cook", cook);
        m.put("cook", cook);
    }

    private static String name(List<String> a) {
        return a.isEmpty() || a.get(0).isEmpty() ? null : a.get(0);
    }

    /** Index of the ',' ending the value that starts at {@code from}, outside double quotes, or the length. */
    private static int valueEnd(String v, int from) {
        boolean quoted = false;
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return v.length();
    }

    private static String trimmed(String v, int s, int e) {
        while (s < e && (v.charAt(s) == ' ' || v.charAt(s) == '\t')) {
            s++;
        }
        while (e > s && (v.charAt(e - 1) == ' ' || v.charAt(e - 1) == '\t')) {
            e--;
        }
        return v.substring(s, e);
    }

    /** Number of values (or lines with {@code full}) of header {@code name}; all headers when null. */
    static int count(List<Map.Entry<String, String>> headers, String name, boolean full) {
        int n = 0;
        for (Map.Entry<String, String> h : headers) {
            if (name != null && !h.getKey().equalsIgnoreCase(name)) {
                continue;
            }
            if (full) {
                n++;
                continue;
            }
            String v = h.getValue();
            int pos = 0;
            while (true) {
                int end = valueEnd(v, pos);
                n++;
                if (end >= v.length()) {
                    break;
                }
                pos = end + 1;
            }
        }
        return n;
    }

    /** The {@code target}-th (1-based) value, scanning without building a list. */
    private static String value(List<Map.Entry<String, String>> headers, String name, boolean full, int target) {
        int n = 0;
        for (Map.Entry<String, String> h : headers) {
            if (name != null && !h.getKey().equalsIgnoreCase(name)) {
                continue;
            }
            String v = h.getValue();
            if (full) {
                if (++n == target) {
                    return v;
                }
                continue;
            }
            int pos = 0;
            while (true) {
                int end = valueEnd(v, pos);
                if (++n == target) {
                    return trimmed(v, pos, end);
                }
                if (end >= v.length()) {
                    break;
                }
                pos = end + 1;
            }
        }
        return null;
    }

    /** smp_fetch_hdr/fhdr: occurrence > 0 from the start, < 0 from the end, 0 or absent = last. */
    private static Sample nth(SampleContext ctx, List<String> a, boolean full) {
        return ctx.hasHttpRequest() ? nth(ctx.requestHeaders(), a, full) : null;
    }

    /** The occurrence of header {@code a[0]} in {@code headers} selected by {@code a[1]} (default: last). */
    static Sample nth(List<Map.Entry<String, String>> headers, List<String> a, boolean full) {
        String name = name(a);
        long occ = a.size() > 1 ? Long.parseLong(a.get(1)) : 0;
        long target = occ;
        if (occ <= 0) {
            int total = count(headers, name, full);
            target = occ == 0 ? total : total + occ + 1;
        }
        if (target < 1 || target > Integer.MAX_VALUE) {
            return null;
        }
        String v = value(headers, name, full, (int) target);
        return v == null ? null : Sample.str(v);
    }

    private static boolean each(SampleContext ctx, List<String> a, boolean full, SampleVisitor visitor) {
        return ctx.hasHttpRequest() && each(ctx, ctx.requestHeaders(), a, full, visitor);
    }

    /** Visits every value (or line with {@code full}) of header {@code a[0]} in {@code headers}. */
    static boolean each(SampleContext ctx, List<Map.Entry<String, String>> headers, List<String> a, boolean full,
            SampleVisitor visitor) {
        if (a.size() > 1) {
            Sample s = nth(headers, a, full);
            return s != null && visitor.visit(s, ctx);
        }
        String name = name(a);
        for (Map.Entry<String, String> h : headers) {
            if (name != null && !h.getKey().equalsIgnoreCase(name)) {
                continue;
            }
            String v = h.getValue();
            if (full) {
                if (visitor.visit(Sample.str(v), ctx)) {
                    return true;
                }
                continue;
            }
            int pos = 0;
            while (true) {
                int end = valueEnd(v, pos);
                if (visitor.visit(Sample.str(trimmed(v, pos, end)), ctx)) {
                    return true;
                }
                if (end >= v.length()) {
                    break;
                }
                pos = end + 1;
            }
        }
        return false;
    }

    /** The first Host header line, or null (used by {@code base}). */
    static String host(SampleContext ctx) {
        for (Map.Entry<String, String> h : ctx.requestHeaders()) {
            if (h.getKey().equalsIgnoreCase("host")) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Cookie visitor over "name=value" pairs of every Cookie line; returns true to stop. */
    @FunctionalInterface
    private interface CookieSink {
        boolean accept(String value);
    }

    private static boolean cookies(SampleContext ctx, String name, CookieSink sink) {
        for (Map.Entry<String, String> h : ctx.requestHeaders()) {
            if (!h.getKey().equalsIgnoreCase("cookie")) {
                continue;
            }
            String v = h.getValue();
            int pos = 0;
            while (pos <= v.length()) {
                int end = v.indexOf(';', pos);
                if (end < 0) {
                    end = v.length();
                }
                int eq = v.indexOf('=', pos);
                if (eq >= 0 && eq < end) {
                    String n = trimmed(v, pos, eq);
                    if (name == null || n.equals(name)) {
                        if (sink.accept(trimmed(v, eq + 1, end))) {
                            return true;
                        }
                    }
                }
                pos = end + 1;
            }
        }
        return false;
    }

    /** req.cook: last occurrence of the named cookie; without a name the first cookie value. */
    private static Sample lastCookie(SampleContext ctx, List<String> a) {
        if (!ctx.hasHttpRequest()) {
            return null;
        }
        String name = name(a);
        String[] last = new String[1];
        cookies(ctx, name, v -> {
            last[0] = v;
            return name == null;
        });
        return last[0] == null ? null : Sample.str(last[0]);
    }

    private static boolean eachCookie(SampleContext ctx, List<String> a, SampleVisitor visitor) {
        return ctx.hasHttpRequest() && cookies(ctx, name(a), v -> visitor.visit(Sample.str(v), ctx));
    }
}

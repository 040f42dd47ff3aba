package io.luxy.proxy.balance;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.luxy.sample.Casts;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleExpr;
import io.luxy.sample.SampleType;

/**
 * What a hashing algorithm hashes (HAProxy src/backend.c {@code get_server_sh/uh/ph/hh}):
 * {@link #hash} gives the 32-bit hash of the stream's key as a non-negative long, or -1 when the
 * stream has no key (the balancer then falls back to round robin, as HAProxy does).
 */
interface HashKey {

    /** The key's hash (0..2^32-1), or -1 when absent. */
    long hash(SampleContext ctx, HashFunction fn);

    /** {@code balance source}: the client address, its 32-bit words XORed (no hash function; avalanche applies). */
    static HashKey source() {
        return (ctx, fn) -> {
            if (ctx.source() == null || ctx.source().getAddress() == null) {
                return -1;
            }
            InetAddress a = ctx.source().getAddress();
            byte[] b = a.getAddress();
            int h = 0;
            for (int l = 0; l + 4 <= b.length; l += 4) {
                h ^= ((b[l] & 0xff) << 24) | ((b[l + 1] & 0xff) << 16) | ((b[l + 2] & 0xff) << 8) | (b[l + 3] & 0xff);
            }
            return fn.mix(h) & 0xffffffffL;
        };
    }

    /**
     * {@code balance uri [whole] [len N] [depth N] [path-only]}: the URI up to '?' (or all of it
     * with {@code whole}), at most {@code len} characters (0 = all), stopping before the
     * ({@code depth}+1)-th '/' (0 = no limit); with {@code path-only} the key starts at the path
     * (the scheme and authority of an absolute URI are skipped), as src/backend.c {@code get_server_uh}.
     */
    static HashKey uri(boolean whole, int len, int depth, boolean pathOnly) {
        return (ctx, fn) -> {
            String full = ctx.uri();
            if (full == null) {
                return -1;
            }
            String uri = pathOnly ? path(full) : full;
            int max = len > 0 ? Math.min(len, uri.length()) : uri.length();
            int slashes = 0;
            int end = 0;
            while (end < max) {
                char c = uri.charAt(end);
                if (c == '/') {
                    slashes++;
                    if (depth > 0 && slashes == depth + 1) {
                        break;
                    }
                } else if (c == '?' && !whole) {
                    break;
                }
                end++;
            }
            return fn.hash(uri.substring(0, end).getBytes(StandardCharsets.ISO_8859_1)) & 0xffffffffL;
        };
    }

    /** The URI from its path on: "http://h:1/a?b" gives "/a?b", "*" gives "" (HAProxy's {@code http_parse_path}). */
    static String path(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return "";
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? "" : uri.substring(slash);
    }

    /**
     * {@code balance hash EXPR}: the expression's value cast to binary (an integer as 8 bytes in
     * network order, an address as its 4 or 16 bytes), as src/backend.c {@code get_server_expr};
     * no value means round robin.
     */
    static HashKey expr(SampleExpr expr) {
        return (ctx, fn) -> {
            Sample v = expr.eval(ctx);
            Sample b = v == null ? null : Casts.cast(v, SampleType.BIN);
            return b == null ? -1 : fn.hash(b.asBytes()) & 0xffffffffL;
        };
    }

    /** {@code balance url_param NAME}: the value of the first {@code NAME=} in the query string. */
    static HashKey urlParam(String name) {
        String prefix = name + "=";
        return (ctx, fn) -> {
            String uri = ctx.uri();
            int q = uri == null ? -1 : uri.indexOf('?');
            if (q < 0) {
                return -1;
            }
            int at = q + 1;
            while (at < uri.length()) {
                int amp = uri.indexOf('&', at);
                int end = amp < 0 ? uri.length() : amp;
                if (uri.startsWith(prefix, at)) {
                    return fn.hash(uri.substring(at + prefix.length(), end).getBytes(StandardCharsets.ISO_8859_1)) & 0xffffffffL;
                }
                at = end + 1;
            }
            return -1;
        };
    }

    /**
     * {@code balance hdr(NAME) [use_domain_only]}: the value of the first {@code NAME} header (name
     * case-insensitive); with {@code use_domain_only}, only its main domain part
     * ({@link #mainDomain}).
     */
    static HashKey header(String name, boolean domainOnly) {
        return (ctx, fn) -> {
            for (Map.Entry<String, String> h : ctx.requestHeaders()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    String v = domainOnly ? mainDomain(h.getValue()) : h.getValue();
                    return fn.hash(v.getBytes(StandardCharsets.ISO_8859_1)) & 0xffffffffL;
                }
            }
            return -1;
        };
    }

    /**
     * The part of a host name between its last two dots ("1wt" for "haproxy.1wt.eu"; everything
     * before the last dot when there is only one; all of it without a dot), as src/backend.c
     * {@code get_server_hh} walks it back from the end.
     */
    static String mainDomain(String v) {
        int last = v.lastIndexOf('.');
        if (last < 0) {
            return v;
        }
        int prev = v.lastIndexOf('.', last - 1);
        return v.substring(prev + 1, last);
    }
}

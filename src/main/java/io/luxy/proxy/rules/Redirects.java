package io.luxy.proxy.rules;

import java.util.ArrayList;
import java.util.List;

import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleContext;

/**
 * Builds the response of a {@code redirect} rule as HAProxy 2.6 does (src/http_ana.c
 * {@code http_apply_redirect_rule}): an empty 3xx with {@code Location}, plus
 * {@code Cache-Control: no-cache} for the temporary codes 302, 303 and 307 (verified with 2.6.12:
 * 301 and 308 have none), then the rule's {@code Set-Cookie}.
 */
public final class Redirects {

    private static final LogFormat NO_CACHE = LogFormat.literal("no-cache", LogFormat.Mode.HTTP);

    private Redirects() {
    }

    /** The Location for this request: the target, or prefix/scheme + path [+ '/'] [+ query]. */
    public static String location(HttpAction.Redirect r, SampleContext ctx) {
        String target = r.target().render(ctx);
        if (r.type() == HttpAction.RedirectType.LOCATION) {
            return target;
        }
        String uri = ctx.uri() == null ? "/" : ctx.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 || r.dropQuery() ? "" : uri.substring(q);
        if (r.appendSlash() && !path.endsWith("/")) {
            path = path + "/";
        }
        if (r.type() == HttpAction.RedirectType.PREFIX) {
            // a prefix of "/" adds nothing, so that "prefix /" can be used with drop-query or append-slash
            return (target.equals("/") ? "" : target) + path + query;
        }
        String host = null;
        for (var h : ctx.requestHeaders()) {
            if (h.getKey().equalsIgnoreCase("host")) {
                host = h.getValue();
                break;
            }
        }
        return target + "://" + (host == null ? "" : host) + path + query;
    }

    /** The redirect as a {@link HttpAction.Return} with no body. */
    public static HttpAction.Return reply(HttpAction.Redirect r, SampleContext ctx) {
        List<HttpAction.Header> headers = new ArrayList<>(3);
        headers.add(new HttpAction.Header("location", LogFormat.literal(location(r, ctx), LogFormat.Mode.HTTP)));
        if (r.code() == 302 || r.code() == 303 || r.code() == 307) {
            headers.add(new HttpAction.Header("cache-control", NO_CACHE));
        }
        if (r.cookie() != null) {
            headers.add(new HttpAction.Header("set-cookie", LogFormat.literal(r.cookie(), LogFormat.Mode.HTTP)));
        }
        return new HttpAction.Return(r.code(), null, null, headers);
    }
}

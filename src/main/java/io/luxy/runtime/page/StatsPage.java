package io.luxy.runtime.page;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.luxy.proxy.Backend;
import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.Server;
import io.luxy.proxy.StatsSettings;
import io.luxy.proxy.rules.HttpAction;
import io.luxy.runtime.Cli;
import io.luxy.runtime.Proxies;
import io.luxy.runtime.RuntimeViews;
import io.luxy.runtime.StatsCsv;
import io.luxy.sample.SampleContext;

/**
 * HAProxy's stats applet (doc/configuration.txt 4.2 "stats *", src/http_ana.c
 * {@code http_stats_check_uri}/{@code http_handle_stats}): a request whose URI starts with
 * {@code stats uri} gets, in this order, the {@code stats auth} check (401 with
 * {@code WWW-Authenticate: Basic realm="…"} and HAProxy's 401 page), then for a POST the admin
 * actions (only when {@code stats admin} matches, else the action is refused; either way a 303 to
 * {@code URI;st=CODE}), else the HTML page ({@link StatsHtml}) or, with {@code ;csv}, exactly the
 * {@code show stat} CSV. Options in the URI: {@code ;csv}, {@code ;up}, {@code ;norefresh},
 * {@code ;st=CODE}. {@code stats refresh} adds a {@code Refresh} header unless {@code ;norefresh}.
 */
public final class StatsPage {

    /** HAProxy's default {@code stats realm} (STATS_DEFAULT_REALM). */
    public static final String DEFAULT_REALM = "HAProxy Statistics";

    private static final String PAGE_401 = "<html><body><h1>401 Unauthorized</h1>\n"
            + "You need a valid user and password to access this content.\n</body></html>\n";

    private StatsPage() {
    }

    /** True when {@code uri} is for the stats page of {@code st} (prefix match, as HAProxy). */
    public static boolean matches(StatsSettings st, String uri) {
        return st.enabled() && uri.startsWith(st.uri());
    }

    /**
     * The stats page's answer to a request, or null when {@code uri} is not the stats URI of
     * {@code st}. {@code headers} are the request headers, {@code body} the complete request body
     * (form data of admin POSTs), {@code ctx} the stream for the {@code stats admin} condition.
     */
    public static HttpAction answer(StatsSettings st, String method, String uri, List<Map.Entry<String, String>> headers,
            byte[] body, SampleContext ctx, ProxyModel model) {
        if (!matches(st, uri)) {
            return null;
        }
        for (io.luxy.proxy.rules.HttpRule r : st.rules()) { // stats http-request: the first matching rule decides
            if (r.condition() == null || r.condition().test(ctx)) {
                if (r.action() instanceof HttpAction.Allow) {
                    break;
                }
                return r.action(); // deny (403) or auth (401 with the challenge)
            }
        }
        if (!st.auth().isEmpty() && !authorized(st.auth(), header(headers, "authorization"))) {
            String realm = st.realm() == null ? DEFAULT_REALM : st.realm();
            return reply(401, List.of(h("cache-control", "no-cache"), h("content-type", "text/html"),
                    h("www-authenticate", "Basic realm=\"" + realm + "\"")), PAGE_401);
        }
        Cli cli = RuntimeViews.of(model);
        String opts = uri.substring(st.uri().length());
        boolean up = opts.contains(";up");
        boolean norefresh = opts.contains(";norefresh");
        boolean admin = st.admin() != null && st.admin().test(ctx);
        if ("POST".equals(method)) {
            String code = admin ? post(cli.proxies(), new String(body, StandardCharsets.ISO_8859_1)) : "DENY";
            String loc = st.uri() + (up ? ";up" : "") + (norefresh ? ";norefresh" : "") + ";st=" + code;
            return reply(303, List.of(h("cache-control", "no-cache"), h("content-type", "text/plain"), h("location", loc)), "");
        }
        List<Map.Entry<String, String>> hdrs = new ArrayList<>(4);
        hdrs.add(h("cache-control", "no-cache"));
        boolean csv = opts.contains(";csv");
        hdrs.add(h("content-type", csv ? "text/plain" : "text/html"));
        if (st.refreshSeconds() > 0 && !norefresh) {
            hdrs.add(h("refresh", Long.toString(st.refreshSeconds())));
        }
        if (csv) {
            return reply(200, hdrs, cli.csv().csv(StatsCsv.Filter.ALL));
        }
        String status = null;
        int at = opts.indexOf(";st=");
        if (at >= 0) {
            int end = opts.indexOf(';', at + 1);
            status = opts.substring(at + 4, end < 0 ? opts.length() : end);
        }
        String html = new StatsHtml(cli, st, admin, up, norefresh, status).render();
        return reply(200, hdrs, html);
    }

    /** Compares the Basic credentials with each {@code user:password} in constant time. */
    static boolean authorized(List<String> users, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (String u : users) {
            ok |= MessageDigest.isEqual(u.getBytes(StandardCharsets.ISO_8859_1), given);
        }
        return ok;
    }

    /**
     * Applies an admin form ({@code s=SRV&…&action=A&b=BACKEND}, src/stats.c
     * {@code stats_process_http_post}) and returns HAProxy's status code: DONE, NONE (no server
     * given), PART (some servers unknown), ERRP (unknown backend or action).
     */
    static String post(Proxies proxies, String form) {
        String backend = null;
        String action = null;
        List<String> servers = new ArrayList<>();
        for (String kv : form.split("&")) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = kv.substring(0, eq);
            String v = java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.ISO_8859_1);
            switch (k) {
                case "b" -> backend = v;
                case "action" -> action = v;
                case "s" -> servers.add(v);
                default -> {
                }
            }
        }
        Backend be = backend == null ? null : proxies.backend(backend);
        if (be == null || action == null || !ACTIONS.contains(action)) {
            return "ERRP";
        }
        int done = 0;
        for (String name : servers) {
            Server s = Proxies.server(be, name);
            if (s != null) {
                Cli.applyAction(s, action);
                done++;
            }
        }
        if (servers.isEmpty()) {
            return "NONE";
        }
        return done == servers.size() ? "DONE" : "PART";
    }

    /** The admin actions Luxy applies (agent actions and {@code hnolb}, {@code shutdown} are refused). */
    static final List<String> ACTIONS = List.of("ready", "drain", "maint", "dhlth", "ehlth", "hrunn", "hdown");

    private static String header(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> e : headers) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Map.Entry<String, String> h(String k, String v) {
        return new SimpleEntry<>(k, v);
    }

    private static HttpAction reply(int status, List<Map.Entry<String, String>> headers, String body) {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        return new HttpAction.LuaReply(status, null, List.copyOf(headers), b);
    }
}

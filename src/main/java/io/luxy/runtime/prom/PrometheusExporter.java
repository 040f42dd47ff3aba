package io.luxy.runtime.prom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.rules.HttpAction;
import io.luxy.runtime.Cli;
import io.luxy.runtime.RuntimeViews;
import io.luxy.runtime.StatsCsv;

/**
 * HAProxy's {@code prometheus-exporter} service (addons/promex, 2.6): every metric of
 * {@code promex-2.6.tsv} (names, types and help texts as HAProxy 2.6.12 prints them, in its
 * order) with {@code # HELP} and {@code # TYPE} lines, {@code haproxy_process_*} from
 * {@code show info}, {@code haproxy_frontend_*}, {@code haproxy_backend_*} and
 * {@code haproxy_server_*} from the {@code show stat} rows, labelled {@code proxy} and
 * {@code server}. State metrics ({@code status}, {@code check_status}, {@code agg_*}) have one
 * sample per {@code state} label, {@code http_responses_total} one per {@code code}; empty stat
 * cells are {@code NaN}; millisecond times are printed in seconds. Query parameters
 * {@code scope=global|frontend|backend|server|*} (repeatable) and {@code no-maint} filter as
 * HAProxy's do.
 */
public final class PrometheusExporter {

    /** HAProxy's content type for the exporter. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    /** One metric: scope (process, frontend, backend, server), name, type, source, help. */
    record Metric(String scope, String name, String type, String source, String help) {
    }

    static final List<Metric> METRICS = load();

    private static final String[] SRV_STATES = {"DOWN", "UP", "MAINT", "DRAIN", "NOLB"};
    private static final String[] CHECK_STATES = {"HANA", "SOCKERR", "L4OK", "L4TOUT", "L4CON", "L6OK", "L6TOUT", "L6RSP",
        "L7TOUT", "L7RSP", "L7OK", "L7OKC", "L7STS", "PROCERR", "PROCTOUT", "PROCOK"};
    private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

    private PrometheusExporter() {
    }

    /** The exporter's reply for a request to {@code uri} on the generation of {@code model}. */
    public static HttpAction answer(ProxyModel model, String uri) {
        byte[] body = render(RuntimeViews.of(model), uri).getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> h = List.of(new SimpleEntry<>("cache-control", "no-cache"),
                new SimpleEntry<>("content-type", CONTENT_TYPE));
        return new HttpAction.LuaReply(200, null, h, body);
    }

    /** The metrics text for {@code cli}'s generation; {@code uri}'s query selects scopes. */
    public static String render(Cli cli, String uri) {
        Set<String> scopes = scopes(uri);
        boolean noMaint = uri.contains("no-maint");
        Map<String, String> info = cli.info();
        List<StatsCsv.Row> rows = cli.csv().rows(StatsCsv.Filter.ALL);
        if (noMaint) {
            rows = rows.stream().filter(r -> r.type() != 2 || !r.get("status").equals("MAINT")).toList();
        }
        StringBuilder b = new StringBuilder(64 * 1024);
        for (Metric m : METRICS) {
            if (!scopes.contains(m.scope())) {
                continue;
            }
            StringBuilder samples = new StringBuilder();
            if (m.scope().equals("process")) {
                process(m, info, samples);
            } else {
                int type = switch (m.scope()) {
                    case "frontend" -> 0;
                    case "backend" -> 1;
                    default -> 2;
                };
                if (m.source().equals("*hrsp")) {
                    for (int c = 0; c < CODES.length; c++) {
                        for (StatsCsv.Row r : rows) {
                            if (r.type() == type && http(m, r)) {
                                samples.append(prefix(m)).append(labels(r, type)).append(",code=\"").append(CODES[c])
                                        .append("\"} ").append(r.get(c < 5 ? "hrsp_" + (c + 1) + "xx" : "hrsp_other")).append('\n');
                            }
                        }
                    }
                } else {
                    for (StatsCsv.Row r : rows) {
                        if (r.type() == type && http(m, r)) {
                            sample(m, r, type, rows, samples);
                        }
                    }
                }
            }
            if (samples.length() > 0) {
                b.append("# HELP haproxy_").append(m.scope()).append('_').append(m.name()).append(' ').append(m.help()).append('\n');
                b.append("# TYPE haproxy_").append(m.scope()).append('_').append(m.name()).append(' ').append(m.type()).append('\n');
                b.append(samples);
            }
        }
        return b.toString();
    }

    private static Set<String> scopes(String uri) {
        int q = uri.indexOf('?');
        if (q < 0 || !uri.substring(q).contains("scope=")) {
            return Set.of("process", "frontend", "backend", "server");
        }
        Set<String> s = new HashSet<>();
        for (String kv : uri.substring(q + 1).split("&")) {
            if (kv.startsWith("scope=")) {
                String v = kv.substring(6);
                if (v.equals("*")) {
                    s.addAll(List.of("process", "frontend", "backend", "server"));
                } else {
                    s.add(v.equals("global") ? "process" : v);
                }
            }
        }
        return s;
    }

    /** HTTP-only metrics are skipped for proxies not in {@code mode http}, as promex does. */
    private static boolean http(Metric m, StatsCsv.Row r) {
        boolean httpMetric = m.name().startsWith("http_") || m.name().equals("intercepted_requests_total");
        return !httpMetric || r.get("mode").equals("http");
    }

    private static String prefix(Metric m) {
        return "haproxy_" + m.scope() + "_" + m.name();
    }

    private static String labels(StatsCsv.Row r, int type) {
        String l = "{proxy=\"" + esc(r.get("pxname")) + "\"";
        return type == 2 ? l + ",server=\"" + esc(r.get("svname")) + "\"" : l;
    }

    private static void process(Metric m, Map<String, String> info, StringBuilder out) {
        if (m.source().equals("*build_info")) {
            out.append(prefix(m)).append("{version=\"").append(esc(info.get("Version"))).append("\"} 1\n");
            return;
        }
        String v = info.get(m.source());
        out.append(prefix(m)).append(' ').append(v == null || v.isEmpty() ? "0" : v).append('\n');
    }

    private static void sample(Metric m, StatsCsv.Row r, int type, List<StatsCsv.Row> rows, StringBuilder out) {
        String lbl = labels(r, type);
        switch (m.source()) {
            case "*status" -> {
                String st = r.get("status");
                if (type == 2) {
                    String s = serverState(st);
                    for (String state : SRV_STATES) {
                        out.append(prefix(m)).append(lbl).append(",state=\"").append(state).append("\"} ")
                                .append(state.equals(s) ? 1 : 0).append('\n');
                    }
                } else {
                    boolean up = type == 0 ? st.equals("OPEN") : st.startsWith("UP");
                    out.append(prefix(m)).append(lbl).append(",state=\"DOWN\"} ").append(up ? 0 : 1).append('\n');
                    out.append(prefix(m)).append(lbl).append(",state=\"UP\"} ").append(up ? 1 : 0).append('\n');
                }
            }
            case "*check_status" -> {
                String cs = r.get("check_status").replace("* ", "");
                if (!cs.isEmpty()) {
                    for (String state : CHECK_STATES) {
                        out.append(prefix(m)).append(lbl).append(",state=\"").append(state).append("\"} ")
                                .append(state.equals(cs) ? 1 : 0).append('\n');
                    }
                }
            }
            case "*agg_server_status", "*agg_check_status" -> aggregate(m, r, rows, lbl, out);
            default -> {
                String[] src = m.source().split("/");
                String v = r.get(src[0]);
                if ((m.name().startsWith("check_code") || m.name().startsWith("check_duration")) && r.get("check_status").isEmpty()) {
                    return; // only for checked servers
                }
                if (v.isEmpty()) {
                    v = m.name().equals("check_code") ? "0" : "NaN";
                } else if (src.length > 1) {
                    v = String.format(Locale.ROOT, "%f", Long.parseLong(v) / 1000.0);
                }
                out.append(prefix(m)).append(lbl).append("} ").append(v).append('\n');
            }
        }
    }

    /** Backend counts of its servers per state (only for backends with servers). */
    private static void aggregate(Metric m, StatsCsv.Row be, List<StatsCsv.Row> rows, String lbl, StringBuilder out) {
        boolean checks = m.source().equals("*agg_check_status");
        String[] states = checks ? CHECK_STATES : SRV_STATES;
        int[] n = new int[states.length];
        boolean any = false;
        for (StatsCsv.Row r : rows) {
            if (r.type() != 2 || !r.get("iid").equals(be.get("iid"))) {
                continue;
            }
            any = true;
            String s = checks ? r.get("check_status").replace("* ", "") : serverState(r.get("status"));
            for (int i = 0; i < states.length; i++) {
                if (states[i].equals(s)) {
                    n[i]++;
                }
            }
        }
        if (!any) {
            return;
        }
        for (int i = 0; i < states.length; i++) {
            out.append(prefix(m)).append(lbl).append(",state=\"").append(states[i]).append("\"} ").append(n[i]).append('\n');
        }
    }

    /** promex's server state from the {@code show stat} status text. */
    static String serverState(String status) {
        if (status.startsWith("MAINT")) {
            return "MAINT";
        }
        if (status.equals("DRAIN")) {
            return "DRAIN";
        }
        if (status.startsWith("NOLB")) {
            return "NOLB";
        }
        return status.startsWith("DOWN") ? "DOWN" : "UP";
    }

    private static String esc(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static List<Metric> load() {
        try (InputStream in = PrometheusExporter.class.getResourceAsStream("promex-2.6.tsv")) {
            List<Metric> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 5);
                out.add(new Metric(f[0], f[1], f[2], f[3], f[4]));
            }
            return List.copyOf(out);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing io/luxy/runtime/prom/promex-2.6.tsv", e);
        }
    }
}

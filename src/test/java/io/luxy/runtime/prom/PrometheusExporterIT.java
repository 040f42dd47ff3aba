package io.luxy.runtime.prom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;
import io.restassured.response.Response;
import io.vertx.core.http.HttpServer;

/**
 * {@code use-service prometheus-exporter} over real sockets, compared with the output HAProxy
 * 2.6.12 (Debian build with USE_PROMEX) gave for the same kind of configuration.
 */
class PrometheusExporterIT extends LuxyTestBase {

    private int fePort;

    @BeforeEach
    void start() throws Exception {
        int p1 = backend();
        fePort = freePort();
        startProxy("""
                global
                    stats socket ipv4@127.0.0.1:%d level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend web
                    bind 127.0.0.1:%d
                    http-request use-service prometheus-exporter if { path /metrics }
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d check inter 500ms
                    server s2 127.0.0.1:1 disabled
                    server b1 127.0.0.1:%d backup
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                """.formatted(freePort(), fePort, p1, p1, freePort()));
    }

    private int backend() throws Exception {
        int port = freePort();
        HttpServer s = vertx().createHttpServer().requestHandler(r -> r.response().end("ok"));
        s.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return port;
    }

    /** metric name -> "TYPE|HELP", in output order. */
    private static Map<String, String> headers(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        String help = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                help = line.substring(7);
            } else if (line.startsWith("# TYPE ")) {
                String[] t = line.substring(7).split(" ");
                m.put(t[0], t[1] + "|" + help.substring(t[0].length() + 1));
            }
        }
        return m;
    }

    private static String reference() throws IOException {
        try (InputStream in = PrometheusExporterIT.class.getResourceAsStream("haproxy-2.6.12-promex.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String metrics() {
        Response r = given().port(fePort).get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals(PrometheusExporter.CONTENT_TYPE, r.contentType());
        return r.asString();
    }

    @Test
    void namesTypesAndHelpAreHaproxys() throws IOException {
        Map<String, String> ours = headers(metrics());
        Map<String, String> theirs = headers(reference());
        assertEquals(new ArrayList<>(theirs.keySet()), new ArrayList<>(ours.keySet()));
        assertEquals(theirs, ours);
    }

    @Test
    void labelsAndStatesAsPromex() {
        String text = metrics();
        assertTrue(text.contains("haproxy_frontend_status{proxy=\"web\",state=\"UP\"} 1\n"));
        assertTrue(text.contains("haproxy_server_status{proxy=\"app\",server=\"s1\",state=\"UP\"} 1\n"));
        assertTrue(text.contains("haproxy_server_status{proxy=\"app\",server=\"s2\",state=\"MAINT\"} 1\n"));
        assertTrue(text.contains("haproxy_backend_agg_server_status{proxy=\"app\",state=\"MAINT\"} 1\n"));
        assertTrue(text.contains("haproxy_server_weight{proxy=\"app\",server=\"b1\"} 1\n"));
        assertTrue(text.contains("haproxy_backend_active_servers{proxy=\"app\"} 1\n"));
        assertTrue(text.contains("haproxy_backend_backup_servers{proxy=\"app\"} 1\n"));
        assertTrue(text.contains("haproxy_process_build_info{version=\""));
        assertTrue(text.contains("haproxy_server_limit_sessions{proxy=\"app\",server=\"s1\"} NaN\n"));
        // every sample line is NAME{labels} VALUE or NAME VALUE
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                assertTrue(line.matches("haproxy_[a-z_]+(\\{[a-z]+=\"[^\"]*\"(,[a-z]+=\"[^\"]*\")*\\})? (-?[0-9.]+|NaN)"), line);
            }
        }
    }

    @Test
    void countersMoveWithTraffic() {
        long before = value(metrics(), "haproxy_backend_http_responses_total{proxy=\"app\",code=\"2xx\"}");
        long srvBefore = value(metrics(), "haproxy_server_sessions_total{proxy=\"app\",server=\"s1\"}");
        for (int i = 0; i < 5; i++) {
            given().port(fePort).get("/").then().statusCode(200);
        }
        String after = metrics();
        assertEquals(before + 5, value(after, "haproxy_backend_http_responses_total{proxy=\"app\",code=\"2xx\"}"));
        assertEquals(srvBefore + 5, value(after, "haproxy_server_sessions_total{proxy=\"app\",server=\"s1\"}"));
        assertTrue(value(after, "haproxy_frontend_http_requests_total{proxy=\"web\"}") >= 5);
        assertTrue(value(after, "haproxy_frontend_bytes_out_total{proxy=\"web\"}") > 0);
    }

    @Test
    void scopeSelectsSections() {
        String text = given().port(fePort).urlEncodingEnabled(false).get("/metrics?scope=server").asString();
        List<String> kinds = text.lines().filter(l -> l.startsWith("# TYPE")).map(l -> l.split("_")[1]).distinct().toList();
        assertEquals(List.of("server"), kinds);
    }

    private static long value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Long.parseLong(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no " + series);
    }
}

package io.luxy.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;

/**
 * Log variables in rule strings and {@code unique-id-format}/{@code unique-id-header}: the same
 * cfg served by real HAProxy 2.6 and by Luxy in front of one backend that echoes the request
 * headers; the header values must be equal once what legitimately differs is masked (ports, pid,
 * dates, times, the stream counter), and those parts must have HAProxy's shape. Skipped when
 * haproxy is not installed.
 */
class LogFormatParityIT extends LuxyTestBase {

    private static final String CFG = """
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend fe1
                bind 127.0.0.1:@PORT@
                unique-id-format %{+X}o\\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid
                unique-id-header X-Unique-ID
                http-request set-header X-ci %ci:%cp
                http-request set-header X-fi %fi:%fp
                http-request set-header X-f "%f|%ft|%b|%s|%fc|%bc|%sc|%ac"
                http-request set-header X-H "%H|%pid|%rt|%lc"
                http-request set-header X-t "%t|%T|%Ts|%ms|%tr|%trg|%trl|%Tl"
                http-request set-header X-r "%r|%HM|%HU|%HP|%HPO|%HQ|%HV"
                http-request set-header X-rq "%{+Q}r|%{+Q}ci|%{+Q}b"
                http-request set-header X-ID "%ID|%[unique-id]"
                http-request set-header X-times "%Th|%Ti|%TR|%Tq|%Tw|%Tc|%Tr|%Ta|%Tt|%Tu|%Td"
                http-request set-header X-st "%ST|%B|%U|%ts|%tsc|%rc|%sq|%bq|%CC|%CS|%hr|%hs|%hrl|%hsl|"
                http-request set-header X-ssl "%sslv|%sslc|%bi|%bp|%si|%sp|"
                http-request set-header X-hex "%{+X}ci|%{+X}cp|%{+X}Ts|%{+X}pid"
                http-request set-header X-empty "a%[req.hdr(nope)]b %{+Q}[req.hdr(nope)]|%{+Q}CC|%{+Q}[req.hdr(x-q)]"
                http-request set-header X-esc "%{+E}[req.hdr(x-q)]|%{+Q,+E}[req.hdr(x-q)]|%%|a%-b"
                http-request set-header X-const "plain  text"
                default_backend be1
            backend be1
                http-response set-header X-resp "%b|%s|%ST|%si:%sp|%Tw|%Tc"
                server s1 127.0.0.1:@BE@
            """;

    private static final String DATE_MS = "\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
    private static final String DATE_TZ = "\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}";
    private static final String UID = "7F000001:[0-9A-F]{4}_7F000001:[0-9A-F]{4}_[0-9A-F]{8}_[0-9A-F]{4,}:[0-9A-F]{4,}";

    @Test
    void logVariablesInRuleStrings_matchHaproxy() throws Exception {
        assumeTrue(HaproxyRunner.installed(), "HAProxy 2.6 is not installed");
        int be = freePort();
        HttpServer echo = vertx().createHttpServer().requestHandler(req -> {
            StringBuilder sb = new StringBuilder();
            req.headers().forEach(h -> sb.append(h.getKey().toLowerCase()).append(": ").append(h.getValue()).append('\n'));
            req.response().end(sb.toString());
        });
        echo.listen(be, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int hp = freePort();
        int lp = freePort();
        Map<String, String> theirs;
        try (HaproxyRunner h = HaproxyRunner.start(CFG.replace("@PORT@", "" + hp).replace("@BE@", "" + be), hp)) {
            theirs = exchange(hp);
        }
        startProxy(CFG.replace("@PORT@", "" + lp).replace("@BE@", "" + be));
        Map<String, String> ours = exchange(lp);

        for (Map<String, String> m : List.of(theirs, ours)) {
            assertTrue(m.get("x-ci").matches("127\\.0\\.0\\.1:\\d+"), m.get("x-ci"));
            assertTrue(m.get("x-t").matches(DATE_MS + "\\|" + DATE_TZ + "\\|\\d{10}\\|\\d{3}\\|" + DATE_MS + "\\|" + DATE_TZ + "\\|"
                    + DATE_TZ + "\\|" + DATE_TZ), m.get("x-t"));
            assertTrue(m.get("x-id").matches("\\|" + UID), m.get("x-id"));
            assertTrue(m.get("x-unique-id").matches(UID), m.get("x-unique-id"));
            assertTrue(m.get("x-hex").matches("7F000001\\|[0-9A-F]{4}\\|[0-9A-F]{8}\\|[0-9A-F]{4,}"), m.get("x-hex"));
            assertTrue(m.get("x-h").matches(".+\\|\\d+\\|\\d+\\|0"), m.get("x-h"));
            // %Ti is the idle time before the request (HAProxy knows the connection's accept time); %Tt is 0 before the end,
            // so %Ta and %Tu print -Ti
            assertTrue(m.get("x-times").matches("0\\|\\d+\\|-1\\|-1\\|-1\\|-1\\|-1\\|-?\\d+\\|0\\|-?\\d+\\|-1"), m.get("x-times"));
        }
        assertEquals(mask(theirs), mask(ours));
        // the unique ID of the header is the one the fetch built, and its fields are this stream's
        assertEquals(ours.get("x-id"), "|" + ours.get("x-unique-id"));
        String port = ours.get("x-ci").substring("127.0.0.1:".length());
        assertEquals(String.format("%04X", Integer.parseInt(port)), ours.get("x-unique-id").substring(9, 13));
    }

    /** Sends one request with a header to escape and returns the request headers the backend saw, plus x-resp. */
    private static Map<String, String> exchange(int port) throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/p/a?x=1&y=2"))
                .header("X-q", "a\"b\\c]d").timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && line.startsWith("x-")) {
                m.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        m.put("x-resp", r.headers().firstValue("x-resp").orElse("(none)"));
        return m;
    }

    /** The headers with ports, dates, times, pid, host name and counters replaced by their kind. */
    private static Map<String, String> mask(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v.replaceAll(UID, "UID")
                .replaceAll(DATE_MS, "DATE").replaceAll(DATE_TZ, "DATE")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT")
                .replaceAll("^7F000001\\|[0-9A-F]{4}\\|[0-9A-F]{8}\\|[0-9A-F]{4,}$", "HEX")
                .replaceAll("^DATE\\|DATE\\|\\d+\\|\\d+\\|", "DATE|DATE|TS|MS|")
                .replaceAll(k.equals("x-h") ? "^.+\\|\\d+\\|\\d+\\|0$" : "^$", "HOST|PID|RT|0")
                .replaceAll(k.equals("x-resp") ? "\\|\\d+\\|\\d+$" : "^$", "|Tw|Tc")
                .replaceAll("^0\\|\\d+\\|-1\\|-1\\|-1\\|-1\\|-1\\|-?\\d+\\|0\\|-?\\d+\\|-1$", "0|Ti|-1|-1|-1|-1|-1|-Ti|0|-Ti|-1")));
        return out;
    }
}

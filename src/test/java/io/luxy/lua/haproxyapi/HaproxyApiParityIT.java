package io.luxy.lua.haproxyapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The same lua/haproxy-api.lua and the same cfg served by Luxy and by HAProxy 2.6: every GET
 * endpoint answers the same status and JSON structure (same keys, same rows), /config the same
 * masked text, a PATCH the same object. Values that count traffic or time may differ; keys
 * HAProxy has and Luxy lacks are the documented gaps listed in {@link #LUXY_MISSING}.
 */
class HaproxyApiParityIT extends LuxyTestBase {

    private static final String TOKEN = "parity-token";

    /**
     * Stats and info keys HAProxy 2.6 gives and Luxy's get_stats/get_info do not (yet): counters
     * Luxy does not keep, and show-info process figures (memory pools, SSL, rates, limits).
     */
    private static final Set<String> LUXY_MISSING = Set.of("algo", "agg_server_status", "agg_server_check_status",
        "agg_check_status", "intercepted", "ActivePeers", "Build info", "BusyPolling", "BytesOutRate", "CompressBpsIn",
        "CompressBpsOut", "CompressBpsRateLim", "ConnRate", "ConnRateLimit", "ConnectedPeers", "CumConns", "CumRecvLogs",
        "CumReq", "CumSslConns", "CurrConns", "CurrSslConns", "DebugCommandsIssued", "DroppedLogs", "FailedResolutions",
        "Hard_maxconn", "Idle_pct", "Jobs", "Listeners", "MaxConnRate", "MaxSessRate", "MaxSslConns", "MaxSslRate", "Maxconn",
        "Maxpipes", "Maxsock", "Memmax_MB", "Memmax_bytes", "PipesFree", "PipesUsed", "PoolAlloc_MB", "PoolAlloc_bytes",
        "PoolFailed", "PoolUsed_MB", "PoolUsed_bytes", "Run_queue", "SessRate", "SessRateLimit", "SslBackendKeyRate",
        "SslBackendMaxKeyRate", "SslCacheLookups", "SslCacheMisses", "SslFrontendKeyRate", "SslFrontendMaxKeyRate",
        "SslFrontendSessionReuse_pct", "SslRate", "SslRateLimit", "Tainted", "Tasks", "TotalBytesOut",
        "TotalSplicdedBytesOut", "Ulimit-n", "Unstoppable Jobs");

    private static final List<String> GETS = List.of("/stats", "/stats/info", "/stats/frontends", "/stats/frontends/fe",
        "/stats/backends", "/stats/backends/be", "/stats/backends/be/servers", "/stats/backends/be/servers/s1",
        "/stats/backends/be/servers/s2/weight", "/stats/backends/be/servers/s2/state", "/stats/backends/nope",
        "/stats/backends/be/servers/nope", "/nope");

    /** user, password, weight of the Basic PATCHes: a hashed and an insecure-password user, right and wrong. */
    private static final List<String[]> BASIC = List.of(new String[] {"hashed", "hashed-pass", "2"},
            new String[] {"hashed", "nope", "5"}, new String[] {"admin", "s3cret-pass", "4"}, new String[] {"admin", "hashed-pass", "5"});

    /** What one implementation answered: per path, the status and the body. */
    private record Answers(Map<String, Response> gets, Response patch, Response unauthorized, String config, String file,
                           List<Response> basic) {
    }

    private Answers collect(int api, int fe, Path cfg) throws java.io.IOException {
        for (int i = 0; i < 4; i++) {
            given().port(fe).get("/").then().statusCode(200);
        }
        Map<String, Response> gets = new LinkedHashMap<>();
        for (String p : GETS) {
            gets.put(p, given().port(api).get(p).andReturn());
        }
        Response unauthorized = given().port(api).contentType(ContentType.JSON).body("{\"weight\": 3}")
                .patch("/stats/backends/be/servers/s2/weight").andReturn();
        Response patch = given().port(api).header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"weight\": 3}").patch("/stats/backends/be/servers/s2/weight").andReturn();
        // Basic credentials against the cfg's userlist (http_auth(ops) in lua.haproxy-api-auth)
        List<Response> basic = new ArrayList<>();
        for (String[] up : BASIC) {
            basic.add(given().port(api).header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (up[0] + ":" + up[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8))).contentType(ContentType.JSON)
                    .body("{\"weight\": " + up[2] + "}").patch("/stats/backends/be/servers/s1/weight").andReturn());
        }
        String config = given().port(api).get("/config").then().statusCode(200).extract().asString();
        return new Answers(gets, patch, unauthorized, config, Files.readString(cfg), basic);
    }

    private Answers run(boolean haproxy, int s1, int s2) throws Exception {
        int api = freePort();
        int fe = freePort();
        Path dir = Files.createTempDirectory("haproxy-api-parity");
        Path cfg = HaproxyApiSupport.writeCfg("api.cfg", dir, "config=@SELF@ token=" + TOKEN + " userlist=ops",
                Map.of("API", api, "FE", fe, "S1", s1, "S2", s2));
        if (!haproxy) {
            startProxy(Files.readString(cfg));
            return collect(api, fe, cfg);
        }
        // HAProxy 2.6 ignores lua-load arguments: the token comes from the environment and the
        // config path from HAPROXY_CFGFILES, which HAProxy sets itself.
        Process p = HaproxyApiSupport.startHaproxy(cfg, Map.of("HAPROXY_API_TOKEN", TOKEN, "HAPROXY_API_USERLIST", "ops"));
        try {
            Await.until(() -> HaproxyApiSupport.listening(api) && HaproxyApiSupport.listening(fe));
            return collect(api, fe, cfg);
        } finally {
            HaproxyApiSupport.stop(p);
        }
    }

    @Test
    void getEndpoints_luxyAnswersWithHaproxy26Structure() throws Exception {
        assumeTrue(Files.isExecutable(HaproxyApiSupport.HAPROXY), "HAProxy 2.6 is not installed");
        int s1 = HaproxyApiSupport.startNamedBackend(vertx(), "s1", freePort());
        int s2 = HaproxyApiSupport.startNamedBackend(vertx(), "s2", freePort());
        Answers luxy = run(false, s1, s2);
        Answers ref = run(true, s1, s2);

        // the rows pair by name: Luxy numbers proxies (iid) differently, so the order may differ
        System.out.println("haproxy-api parity: /stats order haproxy=" + order(ref) + " luxy=" + order(luxy));
        List<String> gaps = new ArrayList<>();
        for (String p : GETS) {
            Response l = luxy.gets().get(p);
            Response h = ref.gets().get(p);
            assertEquals(h.statusCode(), l.statusCode(), p);
            assertEquals(h.contentType(), l.contentType(), p);
            compare(p, JsonPath.from(h.asString()).get("$"), JsonPath.from(l.asString()).get("$"), gaps);
        }
        assertEquals(ref.unauthorized().statusCode(), luxy.unauthorized().statusCode());
        assertEquals(ref.unauthorized().asString(), luxy.unauthorized().asString());
        assertEquals(200, luxy.patch().statusCode());
        assertEquals(ref.patch().asString(), luxy.patch().asString());
        for (int i = 0; i < BASIC.size(); i++) {
            String who = String.join(":", BASIC.get(i));
            assertEquals(ref.basic().get(i).statusCode(), luxy.basic().get(i).statusCode(), who);
            assertEquals(ref.basic().get(i).asString(), luxy.basic().get(i).asString(), who);
        }
        assertEquals(List.of(200, 403, 200, 403), ref.basic().stream().map(Response::statusCode).toList());
        for (Answers a : List.of(ref, luxy)) {
            String masked = a.file().replace("token=" + TOKEN, "token=******")
                    .replace("Authorization \"Bearer upstream-secret\"", "Authorization ******")
                    .replace("insecure-password s3cret-pass", "insecure-password ******")
                    .replace("insecure-password \"with space\"", "insecure-password ******")
                    .replaceAll("password \\$6\\$\\S+", "password ******");
            assertEquals(masked, a.config());
        }
        System.out.println("haproxy-api parity: keys HAProxy 2.6 has and Luxy lacks (allowed): " + new TreeSet<>(gaps));
        assertEquals(List.of(), gaps.stream().filter(g -> g.startsWith("EXTRA") || g.startsWith("MISSING") || g.startsWith("VALUE")).distinct().toList());
    }

    /**
     * Compares {@code luxy} with {@code ref} structurally: same JSON types, lists of the same
     * length whose rows pair by pxname/svname, objects with the same keys except HAProxy keys in
     * {@link #LUXY_MISSING} (collected into {@code gaps}); strings that name things must match.
     */
    @SuppressWarnings("unchecked")
    private static void compare(String where, Object ref, Object luxy, List<String> gaps) {
        if (ref instanceof List<?> rl) {
            assertTrue(luxy instanceof List<?>, where + ": expected a list, got " + luxy);
            List<?> ll = (List<?>) luxy;
            assertEquals(rl.size(), ll.size(), where + " rows");
            Map<String, Object> byName = new LinkedHashMap<>();
            for (Object row : ll) {
                byName.put(rowName(row), row);
            }
            for (Object row : rl) {
                String name = rowName(row);
                assertTrue(byName.containsKey(name), where + ": Luxy lacks row " + name + " in " + byName.keySet());
                compare(where + "[" + name + "]", row, byName.get(name), gaps);
            }
            return;
        }
        if (ref instanceof Map<?, ?> rm) {
            assertTrue(luxy instanceof Map<?, ?>, where + ": expected an object, got " + luxy);
            Map<String, Object> lm = (Map<String, Object>) luxy;
            Set<String> refKeys = new TreeSet<>((Set<String>) rm.keySet());
            Set<String> extra = new TreeSet<>(lm.keySet());
            extra.removeAll(refKeys);
            if (!extra.isEmpty()) {
                gaps.add("EXTRA " + where + " " + extra);
            }
            for (String k : refKeys) {
                if (!lm.containsKey(k)) {
                    gaps.add(LUXY_MISSING.contains(k) ? k : "MISSING " + where + " " + k);
                    continue;
                }
                Object rv = rm.get(k);
                Object lv = lm.get(k);
                assertEquals(rv == null ? null : rv.getClass().getSimpleName().replace("Integer", "Number").replace("Long", "Number")
                        .replace("Float", "Number").replace("Double", "Number"),
                        lv == null ? null : lv.getClass().getSimpleName().replace("Integer", "Number").replace("Long", "Number")
                                .replace("Float", "Number").replace("Double", "Number"),
                        where + "." + k + " type");
                if (Set.of("pxname", "svname", "type", "status", "mode", "error", "backend", "server", "state", "current",
                        "initial", "addr", "sid", "srv_id", "weight", "act", "bck").contains(k)) {
                    if (!String.valueOf(rv).equals(String.valueOf(lv))) {
                        gaps.add("VALUE " + where + "." + k + " haproxy=" + rv + " luxy=" + lv);
                    }
                }
            }
        }
    }

    private static List<String> order(Answers a) {
        return JsonPath.from(a.gets().get("/stats").asString()).<Map<String, Object>>getList("$").stream()
                .map(r -> r.get("pxname") + "/" + r.get("svname") + "#" + r.get("iid")).toList();
    }

    private static String rowName(Object row) {
        return row instanceof Map<?, ?> m ? m.get("pxname") + "/" + m.get("svname") : String.valueOf(row);
    }
}

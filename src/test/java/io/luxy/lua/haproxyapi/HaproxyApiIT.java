package io.luxy.lua.haproxyapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * lua/haproxy-api.lua served by Luxy ({@code http-request use-service lua.haproxy-api}) in front
 * of two real Vert.x backends: every endpoint of seed 004's table answers with its JSON shape,
 * PATCHes change real balancing (weight 1:3, maint, drain), writes need a token or a userlist
 * user, wrong input gets 400, unknown names 404, and /config masks the secrets.
 */
class HaproxyApiIT extends LuxyTestBase {

    private static final String TOKEN = "t0ken-for-tests";

    private int api;
    private int fe;

    private void start(String args) throws Exception {
        api = freePort();
        fe = freePort();
        int s1 = HaproxyApiSupport.startNamedBackend(vertx(), "s1", freePort());
        int s2 = HaproxyApiSupport.startNamedBackend(vertx(), "s2", freePort());
        Path dir = Files.createTempDirectory("haproxy-api");
        Path cfg = HaproxyApiSupport.writeCfg("api.cfg", dir, args, Map.of("API", api, "FE", fe, "S1", s1, "S2", s2));
        startProxy(Files.readString(cfg));
    }

    private void start() throws Exception {
        start("config=@SELF@ token=" + TOKEN);
    }

    /** Starts with /config and the userlist read from the operators.cfg fixture. */
    private void startWithOperatorsConfig() throws Exception {
        start("config=" + HaproxyApiSupport.RESOURCES.resolve("operators.cfg") + " token=" + TOKEN + " userlist=ops");
    }

    private RequestSpecification api() {
        return given().port(api);
    }

    private RequestSpecification admin() {
        return api().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    /** Sends {@code n} requests through the traffic frontend and counts the answering servers. */
    private Map<String, Integer> spread(int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(given().port(fe).get("/x").then().statusCode(200).extract().asString(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void statsEndpoints_answerLuaHaproxyJsonShapes() throws Exception {
        start();
        spread(2);
        // 'show stat' order: by proxy id, a frontend row, then servers by sid and the backend row
        // (a listen section is reported by its backend side only)
        List<Map<String, Object>> rows = api().get("/stats").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getList("$");
        List<String> names = rows.stream().map(r -> r.get("pxname") + "/" + r.get("svname") + "/" + r.get("type")).toList();
        assertEquals(5, names.size(), names.toString());
        assertTrue(names.contains("api/BACKEND/1") && names.contains("fe/FRONTEND/0"), names.toString());
        int s1 = names.indexOf("be/s1/2");
        assertEquals(List.of("be/s1/2", "be/s2/2", "be/BACKEND/1"), names.subList(s1, s1 + 3));
        api().get("/stats/").then().statusCode(200).body("size()", equalTo(5));
        api().get("/stats/info").then().statusCode(200).contentType(ContentType.JSON)
                .body("Name", notNullValue()).body("Version", notNullValue()).body("Uptime_sec", notNullValue())
                .body("Nbthread", notNullValue()).body("Pid", notNullValue());
        api().get("/stats/frontends").then().statusCode(200).body("pxname", containsInAnyOrder("api", "fe"));
        api().get("/stats/frontends/fe").then().statusCode(200).body("pxname", equalTo("fe")).body("svname", equalTo("FRONTEND"))
                .body("type", equalTo(0)).body("status", equalTo("OPEN")).body("$", not(hasKey("addr")))
                .body("$", not(hasKey("qcur")));
        api().get("/stats/backends").then().statusCode(200).body("pxname", containsInAnyOrder("api", "be"))
                .body("svname", everyItem(equalTo("BACKEND")));
        api().get("/stats/backends/be").then().statusCode(200).body("pxname", equalTo("be")).body("type", equalTo(1))
                .body("status", equalTo("UP")).body("act", equalTo(2)).body("weight", equalTo(2));
        int beId = api().get("/stats/backends/be").then().extract().path("iid");
        api().get("/stats/backends/" + beId).then().statusCode(200).body("pxname", equalTo("be"));
        api().get("/stats/backends/be/servers").then().statusCode(200).body("svname", contains("s1", "s2"))
                .body("sid", contains(1, 2)).body("type", contains(2, 2)).body("status", everyItem(equalTo("no check")))
                .body("addr", everyItem(startsWith("127.0.0.1:")));
        api().get("/stats/backends/be/servers/s1").then().statusCode(200).body("svname", equalTo("s1"))
                .body("weight", equalTo(1)).body("iid", equalTo(beId)).body("$", not(hasKey("algo")));
        api().get("/stats/backends/be/servers/2").then().statusCode(200).body("svname", equalTo("s2"));
        api().get("/stats/backends/be/servers/s1/weight").then().statusCode(200).contentType(ContentType.JSON)
                .body("current", equalTo(1)).body("initial", equalTo(1));
        api().get("/stats/backends/be/servers/s2/state").then().statusCode(200).body("backend", equalTo("be"))
                .body("server", equalTo("s2")).body("srv_id", equalTo(2)).body("be_id", equalTo(beId))
                .body("state", equalTo("ready")).body("status", equalTo("no check")).body("weight", equalTo(1))
                .body("addr", startsWith("127.0.0.1:"));
    }

    /** Asserts both servers took about half of {@code counts} (Luxy's round robin is smooth per event loop). */
    private static void assertEven(Map<String, Integer> counts, int n) {
        assertEquals(n, counts.getOrDefault("s1", 0) + counts.getOrDefault("s2", 0), counts.toString());
        assertEquals(n / 2.0, counts.getOrDefault("s1", 0), n * 0.15 + 1, counts.toString());
    }

    @Test
    void patchWeight_shiftsRealTrafficOneToThree() throws Exception {
        start();
        assertEven(spread(40), 40);
        admin().body("{\"weight\": 3}").patch("/stats/backends/be/servers/s2/weight").then().statusCode(200)
                .contentType(ContentType.JSON).body("current", equalTo(3)).body("initial", equalTo(1));
        api().get("/stats/backends/be/servers/s2/weight").then().body("current", equalTo(3));
        api().get("/stats/backends/be").then().body("weight", equalTo(4));
        Map<String, Integer> counts = spread(200);
        assertEquals(200, counts.get("s1") + counts.get("s2"));
        assertEquals(3.0, counts.get("s2") / (double) counts.get("s1"), 0.2, "s2:s1 = 3:1, got " + counts);

        admin().body("{\"weight\": \"100%\"}").patch("/stats/backends/be/servers/s2/weight").then().statusCode(200)
                .body("current", equalTo(1));
        admin().body("{\"current\": \"0\"}").patch("/stats/backends/be/servers/s2/weight").then().statusCode(200)
                .body("current", equalTo(0));
        assertEquals(Map.of("s1", 6), spread(6));
    }

    @Test
    void patchState_maintAndDrainTakeServerOutOfTraffic() throws Exception {
        start();
        admin().body("{\"state\": \"maint\"}").patch("/stats/backends/be/servers/s1/state").then().statusCode(200)
                .body("state", equalTo("maint")).body("status", equalTo("MAINT"));
        api().get("/stats/backends/be/servers/s1/state").then().body("state", equalTo("maint"));
        api().get("/stats/backends/be/servers/s1").then().body("status", equalTo("MAINT"));
        assertEquals(Map.of("s2", 8), spread(8));

        admin().body("{\"state\": \"READY\"}").patch("/stats/backends/be/servers/s1/state").then().statusCode(200)
                .body("state", equalTo("ready")).body("status", equalTo("no check"));
        assertEven(spread(20), 20);

        admin().body("{\"note\": \"caf\\u00e9 \\ud83d\\ude00\", \"state\": \"dr\\u0061in\"}").patch("/stats/backends/be/servers/s2/state")
                .then().statusCode(200)
                .body("state", equalTo("drain")).body("status", equalTo("DRAIN"));
        assertEquals(Map.of("s1", 8), spread(8));
    }

    @Test
    void patch_refusedWithoutOrWithWrongCredentials() throws Exception {
        startWithOperatorsConfig();
        String path = "/stats/backends/be/servers/s1/state";
        api().contentType(ContentType.JSON).body("{\"state\":\"maint\"}").patch(path).then().statusCode(401)
                .contentType(ContentType.JSON).header("www-authenticate", containsString("Bearer"))
                .body("error", equalTo("authentication required"));
        api().header("Authorization", "Bearer wrong").body("{\"state\":\"maint\"}").patch(path).then().statusCode(403)
                .contentType(ContentType.JSON).body("error", equalTo("invalid credentials"));
        api().header("Authorization", basic("admin", "wrong")).body("{\"state\":\"maint\"}").patch(path).then()
                .statusCode(403);
        api().header("Authorization", basic("hashed", "0nlyAHashN0tAPassw0rd")).body("{\"state\":\"maint\"}").patch(path)
                .then().statusCode(403);
        api().get(path).then().body("state", equalTo("ready"));
        assertEven(spread(10), 10);

        api().header("Authorization", basic("admin", "s3cret-pass")).body("{\"state\":\"maint\"}").patch(path).then()
                .statusCode(200).body("state", equalTo("maint"));
        api().header("Authorization", basic("quoted", "with space")).body("{\"state\":\"ready\"}").patch(path).then()
                .statusCode(200).body("state", equalTo("ready"));
        // a crypt(3) SHA-512 'password' line of the running config's userlist
        api().header("Authorization", basic("hashed", "hashed-pass")).body("{\"state\":\"drain\"}").patch(path).then()
                .statusCode(200).body("state", equalTo("drain"));
        api().header("Authorization", basic("hashed", "hashed-pass2")).body("{\"state\":\"ready\"}").patch(path).then()
                .statusCode(403);
    }

    @Test
    void patch_refusedWhenNoTokenOrUserlistIsConfigured() throws Exception {
        start("config=@SELF@");
        api().header("Authorization", "Bearer anything").body("{\"weight\": 2}").patch("/stats/backends/be/servers/s1/weight")
                .then().statusCode(403).body("error", startsWith("writes are disabled"));
        api().get("/stats/backends/be/servers/s1/weight").then().statusCode(200).body("current", equalTo(1));
    }

    @Test
    void wrongInput_gets400WithJsonError() throws Exception {
        start();
        String weight = "/stats/backends/be/servers/s1/weight";
        String state = "/stats/backends/be/servers/s1/state";
        admin().body("{\"weight\": ").patch(weight).then().statusCode(400).contentType(ContentType.JSON)
                .body("error", startsWith("invalid JSON"));
        admin().body("[1, 2]").patch(weight).then().statusCode(400).body("error", equalTo("a JSON object body is required"));
        admin().body("").patch(weight).then().statusCode(400).body("error", equalTo("a JSON object body is required"));
        admin().body("{\"weight\": \"abc\"}").patch(weight).then().statusCode(400).body("error", containsString("weight"));
        admin().body("{\"weight\": 2.5}").patch(weight).then().statusCode(400);
        admin().body("{\"weight\": 300}").patch(weight).then().statusCode(400)
                .body("error", equalTo("Absolute weight can only be between 0 and 256 inclusive."));
        admin().body("{\"state\": \"up\"}").patch(state).then().statusCode(400)
                .body("error", equalTo("state must be one of \"ready\", \"drain\", \"maint\""));
        admin().body("{\"other\": 1}").patch(state).then().statusCode(400);
        admin().body("[".repeat(200) + "]".repeat(200)).patch(state).then().statusCode(400)
                .body("error", containsString("too deeply nested"));
        admin().body("{\"state\": \"maint\"} x").patch(state).then().statusCode(400)
                .body("error", containsString("trailing characters"));
        admin().body("x".repeat(70_000)).patch(state).then().statusCode(413);
        api().get(weight).then().body("current", equalTo(1));
        api().get(state).then().body("state", equalTo("ready"));
    }

    @Test
    void unknownNames_get404AndWrongMethods405() throws Exception {
        start();
        api().get("/stats/backends/nope").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("no such backend 'nope'"));
        api().get("/stats/backends/be/servers/nope").then().statusCode(404)
                .body("error", equalTo("no such server 'nope' in backend 'be'"));
        admin().body("{\"weight\": 2}").patch("/stats/backends/be/servers/nope/weight").then().statusCode(404);
        api().get("/stats/frontends/nope").then().statusCode(404).body("error", equalTo("no such frontend 'nope'"));
        api().urlEncodingEnabled(false).get("/stats/backends/a%22b%5C%01%0Ac").then().statusCode(404)
                .body("error", equalTo("no such backend 'a\"b\\\u0001\nc'"));
        api().get("/stats/backends/fe").then().statusCode(404);
        for (String p : new String[] {"/", "/nope", "/stats/nope", "/stats/backends/be/nope", "/stats/backends/be/servers/s1/nope",
            "/stats/info/x"}) {
            api().get(p).then().statusCode(404).contentType(ContentType.JSON).body("error", notNullValue());
        }
        api().delete("/stats/backends/be/servers/s1/state").then().statusCode(405).header("allow", equalTo("GET, PATCH"));
        admin().body("{}").patch("/stats").then().statusCode(405).header("allow", equalTo("GET"));
    }

    @Test
    void config_servesTheLoadedConfigAsText() throws Exception {
        start();
        String text = api().get("/config").then().statusCode(200).contentType(ContentType.TEXT).extract().asString();
        assertEquals(-1, text.indexOf(TOKEN), text);
        assertEquals(-1, text.indexOf("upstream-secret"), text);
        for (String kept : new String[] {"listen api", "http-request use-service lua.haproxy-api", "balance roundrobin",
            "token=******", "set-header Authorization ******", "server s1 127.0.0.1:"}) {
            assertEquals(true, text.contains(kept), kept + " missing:\n" + text);
        }
    }

    @Test
    void config_masksUserlistStatsAuthAndAuthorizationSecrets() throws Exception {
        startWithOperatorsConfig();
        String text = api().get("/config").then().statusCode(200).contentType(ContentType.TEXT).extract().asString();
        for (String secret : new String[] {"s3cret-pass", "with space", "0nlyAHashN0tAPassw0rd", "hunter2-secret", "Second-Secret",
            TOKEN, "upstream-secret", "Y2hlY2s6c2VjcmV0"}) {
            assertEquals(-1, text.indexOf(secret), secret + " leaked:\n" + text);
        }
        for (String masked : new String[] {"user admin insecure-password ****** groups admins", "user quoted insecure-password ******",
            "user hashed password ******", "stats auth admin:******", "stats   auth  other:******", "token=****** userlist=ops",
            "set-header Authorization ******", "Authorization:\\ ******", "stats uri /", "server s1 10.0.0.1:80 check"}) {
            assertEquals(true, text.contains(masked), masked + " missing:\n" + text);
        }
    }

    @Test
    void prefixOption_mountsTheApiUnderAPath() throws Exception {
        start("config=/nonexistent/haproxy.cfg token=" + TOKEN + " prefix=/api");
        api().get("/api/config").then().statusCode(500).body("error", startsWith("configuration file not found"));
        api().get("/api/stats/backends/be").then().statusCode(200).body("pxname", equalTo("be"));
        api().get("/stats/backends/be").then().statusCode(404);
        admin().body("{\"weight\": 2}").patch("/api/stats/backends/be/servers/s1/weight").then().statusCode(200)
                .body("current", equalTo(2));
    }

    private static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

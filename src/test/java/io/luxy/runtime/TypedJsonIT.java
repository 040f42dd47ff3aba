package io.luxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code show stat|info typed|json} and {@code show schema json} against the real HAProxy 2.6 on
 * the same configuration: same objects, field positions, names, tags and types (values may
 * differ), JSON parsed by a real JSON parser.
 */
class TypedJsonIT extends LuxyTestBase {

    private static final String CFG = """
            global
                stats socket ipv4@127.0.0.1:%d level admin
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend fe_main
                bind 127.0.0.1:%d
                default_backend be_app
            backend be_app
                balance roundrobin
                option httpchk GET /
                server s1 127.0.0.1:%d weight 10 check inter 200
                server s2 127.0.0.1:%d maxconn 20
                server s3 127.0.0.1:1 disabled
            listen li_tcp
                mode tcp
                bind 127.0.0.1:%d
                balance leastconn
                server t1 127.0.0.1:%d
            """;

    /** One typed line: object letter, iid, sid, position, name, tags, type, value. */
    private static final Pattern TYPED = Pattern.compile(
            "([FBSL])\\.(\\d+)\\.(\\d+)\\.(\\d+)\\.([^.]+)\\.1:([A-Za-z]{3}):(s32|s64|u32|u64|str):(.*)");

    private int luxySock;
    private int haproxySock;
    private HaproxyRunner haproxy;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(HaproxyRunner.installed(), "HAProxy 2.6 is not installed");
        int web = freePort();
        HttpServer s = vertx().createHttpServer().requestHandler(r -> r.response().end("ok"));
        s.listen(web, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        luxySock = freePort();
        startProxy(CFG.formatted(luxySock, freePort(), web, web, freePort(), web));
        haproxySock = freePort();
        haproxy = HaproxyRunner.start(CFG.formatted(haproxySock, freePort(), web, web, freePort(), web), haproxySock);
        // both have run a check of s1 (L7OK), so its check fields are filled on both sides
        for (int port : new int[] {luxySock, haproxySock}) {
            Await.until(() -> s1Up(port));
        }
    }

    private static boolean s1Up(int port) {
        try {
            return RuntimeApiIT.tcp(port, "show stat\n").lines()
                    .anyMatch(l -> l.startsWith("be_app,s1,") && l.contains(",UP,") && l.contains(",L7OK,"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
    }

    private String luxy(String cmd) throws Exception {
        return RuntimeApiIT.tcp(luxySock, cmd + "\n");
    }

    private String real(String cmd) throws Exception {
        return RuntimeApiIT.tcp(haproxySock, cmd + "\n");
    }

    /** Asserts equal lists, naming what HAProxy has that Luxy lacks and what Luxy adds. */
    private static void same(List<String> haproxy, List<String> luxy) {
        if (!haproxy.equals(luxy)) {
            List<String> missing = haproxy.stream().filter(l -> !luxy.contains(l)).toList();
            List<String> extra = luxy.stream().filter(l -> !haproxy.contains(l)).toList();
            assertEquals(haproxy, luxy, "missing " + missing + "\nextra " + extra);
        }
    }

    /** The lines of a typed answer without their values: "S.3.1.17.status.1:SGP:str". */
    private static List<String> structure(String typed) {
        assertTrue(typed.endsWith("\n\n"), "ends with the empty line: " + typed);
        List<String> out = new ArrayList<>();
        for (String line : typed.substring(0, typed.length() - 1).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = TYPED.matcher(line);
            assertTrue(m.matches(), line);
            out.add(line.substring(0, line.length() - m.group(8).length() - 1));
        }
        return out;
    }

    @Test
    void showStatTypedHasHaproxysObjectsFieldsAndTags() throws Exception {
        String mine = luxy("show stat typed");
        same(structure(real("show stat typed")), structure(mine));
        assertTrue(mine.contains("F.2.0.0.pxname.1:KNS:str:fe_main\n"), mine);
        assertTrue(mine.contains("S.3.1.17.status.1:SGP:str:UP\n"), mine);
        assertTrue(mine.contains("S.3.3.17.status.1:SGP:str:MAINT\n"), mine);
        assertTrue(mine.contains("B.3.0.19.act.1:MGP:u32:2\n"), mine);
        assertTrue(mine.contains("S.3.2.6.slim.1:CLP:u32:20\n"), mine);
        assertTrue(mine.contains("B.4.0.76.algo.1:CGS:str:leastconn\n"), mine);
        assertTrue(mine.contains("S.3.1.103.ssl_sess.1:MCP:u64:0\n"), "module fields skip the CSV's '-' column: " + mine);
        assertFalse(mine.contains(".-."), mine);
    }

    @Test
    void showStatTypedFiltersAsHaproxy() throws Exception {
        same(structure(real("show stat 3 4 2 typed")), structure(luxy("show stat 3 4 2 typed")));
        assertTrue(luxy("show stat 3 4 2 typed").lines().filter(l -> !l.isEmpty()).allMatch(l -> l.startsWith("S.3.2.")));
        assertEquals(real("show stat 99 -1 -1 typed"), luxy("show stat 99 -1 -1 typed"));
        assertEquals("\n", luxy("show stat 99 -1 -1 typed"));
    }

    /** Each element without its value's value: objType, ids, field, processNum, tags, value type. */
    private static List<String> structure(JsonArray objects) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            JsonArray fields = objects.getJsonArray(i);
            for (int k = 0; k < fields.size(); k++) {
                JsonObject f = fields.getJsonObject(k).copy();
                assertEquals(1, f.getInteger("processNum"));
                JsonObject v = f.getJsonObject("value");
                Object value = v.getValue("value");
                assertTrue(v.getString("type").equals("str") ? value instanceof String : value instanceof Number, f.encode());
                v.remove("value");
                out.add(i + " " + f.encode());
            }
        }
        return out;
    }

    @Test
    void showStatJsonHasHaproxysShapeAndAgreesWithTyped() throws Exception {
        String mine = luxy("show stat json");
        assertTrue(mine.startsWith("[[{\"objType\":\"Frontend\",\"proxyId\":2,\"id\":0,\"field\":{\"pos\":0,\"name\":\"pxname\"},"
                + "\"processNum\":1,\"tags\":{\"origin\":\"Key\",\"nature\":\"Name\",\"scope\":\"Service\"},"
                + "\"value\":{\"type\":\"str\",\"value\":\"fe_main\"}}"), mine);
        assertTrue(mine.endsWith("]]\n\n"), mine);
        JsonArray objects = new JsonArray(mine.trim());
        same(structure(new JsonArray(real("show stat json").trim())), structure(objects));

        // every JSON field is the typed line of the same object
        List<String> typed = luxy("show stat typed").lines().filter(l -> !l.isEmpty()).toList();
        List<String> fromJson = new ArrayList<>();
        for (Object o : objects) {
            for (Object e : (JsonArray) o) {
                JsonObject f = (JsonObject) e;
                String letter = f.getString("objType").substring(0, 1);
                JsonObject v = f.getJsonObject("value");
                JsonObject t = f.getJsonObject("tags");
                fromJson.add(letter + "." + f.getInteger("proxyId") + "." + f.getInteger("id") + "."
                        + f.getJsonObject("field").getInteger("pos") + "." + f.getJsonObject("field").getString("name") + ".1:"
                        + t.getString("origin").charAt(0) + nature(t.getString("nature")) + scope(t.getString("scope")) + ":"
                        + v.getString("type") + ":" + v.getValue("value"));
            }
        }
        // lastchg/lastsess and the health check's results may change between the two commands
        java.util.function.Predicate<String> stable = l -> !l.contains(".last") && !l.contains(".check_");
        assertEquals(typed.stream().filter(stable).toList(), fromJson.stream().filter(stable).toList());
        assertEquals("[]\n\n", luxy("show stat 99 -1 -1 json"));
        assertEquals(real("show stat 99 -1 -1 json"), luxy("show stat 99 -1 -1 json"));
    }

    private static char nature(String n) {
        return switch (n) {
            case "Min" -> 'm';
            case "Avg" -> 'a';
            default -> n.charAt(0);
        };
    }

    private static char scope(String s) {
        return s.equals("System") ? 's' : s.charAt(0);
    }

    @Test
    void showInfoTypedAndJsonHaveHaproxysFields() throws Exception {
        String mine = luxy("show info typed");
        same(infoStructure(real("show info typed")), infoStructure(mine));
        assertTrue(mine.startsWith("0.Name.1:POS:str:HAProxy\n1.Version.1:POS:str:"), mine);
        assertTrue(mine.contains("\n54.Unstoppable Jobs.1:MGP:u32:0\n"), mine);

        JsonArray json = new JsonArray(luxy("show info json").trim());
        JsonArray ref = new JsonArray(real("show info json").trim());
        assertEquals(ref.size(), json.size());
        for (int i = 0; i < ref.size(); i++) {
            JsonObject r = ref.getJsonObject(i);
            JsonObject m = json.getJsonObject(i);
            assertEquals(r.getJsonObject("field"), m.getJsonObject("field"));
            assertEquals(r.getJsonObject("tags"), m.getJsonObject("tags"), r.encode());
            assertEquals(r.getJsonObject("value").getString("type"), m.getJsonObject("value").getString("type"), r.encode());
            assertEquals(1, m.getInteger("processNum"));
        }
        assertEquals("HAProxy", json.getJsonObject(0).getJsonObject("value").getString("value"));
    }

    private static List<String> infoStructure(String typed) {
        assertTrue(typed.endsWith("\n\n"), typed);
        return typed.lines().filter(l -> !l.isEmpty()).map(l -> {
            String[] p = l.split(":", 4);
            assertEquals(4, p.length, l);
            return p[0] + ":" + p[1] + ":" + p[2];
        }).toList();
    }

    @Test
    void showSchemaJsonIsHaproxysByteForByte() throws Exception {
        String mine = luxy("show schema json");
        assertEquals(real("show schema json"), mine);
        JsonObject schema = new JsonObject(mine.trim());
        assertEquals("http://json-schema.org/draft-04/schema#", schema.getString("$schema"));
        assertTrue(luxy("show schema").startsWith("Unknown command"), luxy("show schema"));
    }
}

package io.luxy.runtime.page;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.runtime.StatFields;
import io.luxy.support.LuxyTestBase;
import io.restassured.response.Response;
import io.vertx.core.http.HttpServer;

/** The stats page over real sockets: HTML per proxy, ;csv, auth, refresh, admin actions and refusals. */
class StatsPageIT extends LuxyTestBase {

    private int fePort;
    private int statsPort;
    private int openPort;

    @BeforeEach
    void start() throws Exception {
        int p1 = backend("one");
        int p2 = backend("two");
        fePort = freePort();
        statsPort = freePort();
        openPort = freePort();
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
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                    server s2 127.0.0.1:%d
                    server b1 127.0.0.1:%d backup
                    server dead 127.0.0.1:1 disabled
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /st
                    stats realm Luxy\\ Stats
                    stats auth admin:s3cret
                    stats refresh 5s
                    stats admin if { src 127.0.0.1 }
                listen open
                    bind 127.0.0.1:%d
                    stats enable
                    stats hide-version
                """.formatted(freePort(), fePort, p1, p2, p2, statsPort, openPort));
    }

    private int backend(String body) throws Exception {
        int port = freePort();
        HttpServer s = vertx().createHttpServer().requestHandler(r -> r.response().end(body));
        s.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return port;
    }

    @Test
    void withoutCredentialsAnswers401WithRealm() {
        Response r = given().urlEncodingEnabled(false).port(statsPort).get("/st");
        assertEquals(401, r.statusCode());
        assertEquals("Basic realm=\"Luxy Stats\"", r.header("WWW-Authenticate"));
        assertTrue(r.asString().contains("401 Unauthorized"));
        Response wrong = given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "nope").get("/st;csv");
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.asString().contains("pxname"));
    }

    @Test
    void pageRendersEveryProxyAndStateClasses() {
        Response r = given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "s3cret").get("/st");
        assertEquals(200, r.statusCode());
        assertEquals("text/html", r.contentType());
        assertEquals("5", r.header("Refresh"));
        String html = r.asString();
        for (String px : List.of("web", "app", "stats", "open")) {
            assertTrue(html.contains("<a class=px href=\"#" + px + "\">" + px + "</a>"), px);
        }
        for (String group : List.of("Queue", "Session rate", "Sessions", "Bytes", "Denied", "Errors", "Warnings", "Server")) {
            assertTrue(html.contains(">" + group + "</th>"), group);
        }
        assertTrue(html.contains("<tr class=\"active_no_check\">"), "s1/s2 not checked");
        assertTrue(html.contains("<tr class=\"backup_no_check\">"), "b1 backup");
        assertTrue(html.contains("<tr class=\"maintain\">"), "disabled server");
        assertTrue(html.contains("<tr class=\"frontend\">") && html.contains("<tr class=\"backend\">"));
        assertTrue(html.contains("name=\"s\" value=\"s1\""), "admin checkboxes");
        assertTrue(html.contains("HAProxy version"));
        assertFalse(html.contains("s3cret"), "no secret in the page");
        Response noRefresh = given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "s3cret").get("/st;norefresh");
        assertEquals(null, noRefresh.header("Refresh"));
    }

    @Test
    void csvIsShowStatWithItsHeader() {
        given().port(fePort).get("/").then().statusCode(200);
        Response r = given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "s3cret").get("/st;csv");
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/plain"));
        String csv = r.asString();
        String[] lines = csv.split("\n");
        assertEquals(StatFields.header().trim(), lines[0]);
        List<String> names = List.of(lines[0].substring(2).split(","));
        int total = 0;
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertEquals(names.size() + 1, cells.length, lines[i]);
            if (cells[0].equals("web") && cells[1].equals("FRONTEND")) {
                total = Integer.parseInt(cells[names.indexOf("req_tot")]);
            }
        }
        assertEquals(1, total);
        assertFalse(csv.contains("s3cret"));
    }

    @Test
    void adminPostSetsMaintAndTrafficStops() {
        for (int i = 0; i < 4; i++) {
            given().port(fePort).get("/").then().statusCode(200);
        }
        Response post = given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "s3cret").redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").body("s=s1&action=maint&b=%23" + appIid()).post("/st");
        assertEquals(303, post.statusCode());
        assertEquals("/st;st=DONE", post.header("Location"));
        for (int i = 0; i < 6; i++) {
            assertEquals("two", given().port(fePort).get("/").asString());
        }
        String page = given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "s3cret").get("/st;st=DONE").asString();
        assertTrue(page.contains("Action processed successfully."));
        given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "s3cret").redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").body("s=s1&action=ready&b=app").post("/st")
                .then().statusCode(303);
        boolean one = false;
        for (int i = 0; i < 4; i++) {
            one |= given().port(fePort).get("/").asString().equals("one");
        }
        assertTrue(one, "s1 back in rotation");
    }

    @Test
    void adminPostRefusedWithoutStatsAdmin() {
        Response post = given().urlEncodingEnabled(false).port(openPort).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").body("s=s1&action=maint&b=app").post("/haproxy?stats");
        assertEquals(303, post.statusCode());
        assertTrue(post.header("Location").endsWith(";st=DENY"));
        for (int i = 0; i < 4; i++) {
            given().port(fePort).get("/").then().statusCode(200);
        }
        String csv = given().urlEncodingEnabled(false).port(openPort).get("/haproxy?stats;csv").asString();
        assertTrue(csv.contains("\napp,s1,"));
        assertFalse(csv.lines().filter(l -> l.startsWith("app,s1,")).findFirst().orElseThrow().contains("MAINT"));
        String page = given().urlEncodingEnabled(false).port(openPort).get("/haproxy?stats").asString();
        assertFalse(page.contains("name=\"s\" value="), "no admin form without stats admin");
        assertFalse(page.contains("HAProxy version"), "stats hide-version");
    }

    private int appIid() {
        String csv = given().urlEncodingEnabled(false).port(statsPort).auth().preemptive().basic("admin", "s3cret").get("/st;csv").asString();
        String row = csv.lines().filter(l -> l.startsWith("app,BACKEND,")).findFirst().orElseThrow();
        return Integer.parseInt(row.split(",")[StatFields.index("iid")]);
    }
}

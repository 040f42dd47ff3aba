package io.luxy.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import io.luxy.LuxyServer;
import io.luxy.reload.GenerationSwitch;


import org.junit.jupiter.api.Test;

import io.luxy.support.Await;
import io.luxy.support.EchoServer;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /q/health/ready} follows the checktcp Lua service (seed 000): UP with its 200 "OK"
 * while the echo server on 127.0.0.1:8080 answers, DOWN with 503 "KO" when it goes away, UP again
 * when it returns. The frontend itself serves on 38000.
 */
@QuarkusTest
class ReadinessTest {

    /** The management interface: a random port in tests ({@code %test.quarkus.management.test-port=0}). */
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    @Inject
    LuxyServer server;

    private final String ready = "/q/health/ready";
    private final String live = "/q/health/live";

    private io.restassured.specification.RequestSpecification management() {
        return given().baseUri("http://127.0.0.1").port(management.getPort());
    }

    private int readyStatus() {
        return management().get(ready).statusCode();
    }

    @Test
    void readiness_followsTheChecktcpServiceAndTheEchoServer() throws Exception {
        try (EchoServer echo = EchoServer.start(8080)) {
            Await.until(() -> readyStatus() == 200);
            management().get(ready).then().statusCode(200)
                    .body("checks.name", hasItem("checktcp"))
                    .body("checks.find { it.name == 'checktcp' }.data.status", equalTo(200))
                    .body("checks.find { it.name == 'checktcp' }.data.body", equalTo("OK"));
            given().baseUri("http://127.0.0.1").port(38000).get("/").then().statusCode(200).body(equalTo("OK\r\n"));
        }
        Await.until(() -> readyStatus() == 503);
        management().get(ready).then().statusCode(503)
                .body("checks.find { it.name == 'checktcp' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'checktcp' }.data.status", equalTo(503))
                .body("checks.find { it.name == 'checktcp' }.data.body", equalTo("KO"));
        try (EchoServer echo = EchoServer.start(8080)) {
            Await.until(() -> readyStatus() == 200);
        }
    }

    @Test
    void liveness_reportsTheLuaEngineAndTheEventLoops() {
        management().get(live).then().statusCode(200)
                .body("checks.find { it.name == 'lua-engine' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'lua-engine' }.data.generation", greaterThanOrEqualTo(1))
                .body("checks.find { it.name == 'event-loops' }.status", equalTo("UP"));
    }

    @Test
    void started_upOnceTheFirstGenerationServes() {
        management().get("/q/health/started").then().statusCode(200)
                .body("checks.find { it.name == 'generation-started' }.status", equalTo("UP"));
    }

    @Test
    void reload_isCountedInMetricsAndShownInReadinessData() throws Exception {
        int before = server.current().number();
        GenerationSwitch.Status s = server.reload().get(30, TimeUnit.SECONDS);
        assertEquals("success", s.lastReload());
        assertEquals(before + 1, s.generation());
        management().get(ready).then()
                .body("checks.find { it.name == 'generation' }.data.lastReload", equalTo("success"))
                .body("checks.find { it.name == 'generation' }.data.generation", equalTo(before + 1))
                .body("checks.find { it.name == 'draining' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.status", equalTo("UP"));
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("luxy_reload_total{result=\"success\"}"), metrics);
        assertTrue(metrics.contains("luxy_reload_total{result=\"failure\"} 0.0"), metrics);
        assertTrue(metrics.contains("luxy_generation " + (before + 1) + ".0"), metrics);
        given().baseUri("http://127.0.0.1").port(38000).get("/").then().statusCode(anyOf(equalTo(200), equalTo(503)));
    }

    @Test
    void luaErrors_areCountedPerScriptFunctionAndKind() throws Exception {
        java.util.regex.Pattern counted = java.util.regex.Pattern.compile(
                "(?m)^luxy_lua_errors_total\\{function=\"task\",kind=\"runtime_error\",script=\"[^\"]*failing_task.lua\"\\} ([0-9.]+)$");
        try {
            Await.until(() -> counted.matcher(management().get("/q/metrics").asString()).find());
        } catch (AssertionError e) {
            // fall through: the assertion below shows what /q/metrics has
        }
        String metrics = management().get("/q/metrics").asString();
        java.util.regex.Matcher m = counted.matcher(metrics);
        assertTrue(m.find(), () -> metrics.lines().filter(l -> l.contains("lua")).toList().toString());
        assertTrue(Double.parseDouble(m.group(1)) >= 1.0, m.group());
        assertTrue(metrics.contains("# TYPE luxy_lua_errors counter"), metrics);
    }
}

package io.luxy.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.eclipse.microprofile.config.ConfigProvider;

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

    private static final int MANAGEMENT = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);

    private final String ready = "http://127.0.0.1:" + MANAGEMENT + "/q/health/ready";
    private final String live = "http://127.0.0.1:" + MANAGEMENT + "/q/health/live";

    private int readyStatus() {
        return given().get(ready).statusCode();
    }

    @Test
    void readiness_followsTheChecktcpServiceAndTheEchoServer() throws Exception {
        try (EchoServer echo = EchoServer.start(8080)) {
            Await.until(() -> readyStatus() == 200);
            given().get(ready).then().statusCode(200)
                    .body("checks.name", hasItem("checktcp"))
                    .body("checks.find { it.name == 'checktcp' }.data.status", equalTo(200))
                    .body("checks.find { it.name == 'checktcp' }.data.body", equalTo("OK"));
            given().port(38000).get("/").then().statusCode(200).body(equalTo("OK\r\n"));
        }
        Await.until(() -> readyStatus() == 503);
        given().get(ready).then().statusCode(503)
                .body("checks.find { it.name == 'checktcp' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'checktcp' }.data.status", equalTo(503))
                .body("checks.find { it.name == 'checktcp' }.data.body", equalTo("KO"));
        try (EchoServer echo = EchoServer.start(8080)) {
            Await.until(() -> readyStatus() == 200);
        }
    }

    @Test
    void liveness_reportsTheLuaEngine() {
        given().get(live).then().statusCode(200)
                .body("checks.find { it.name == 'lua-engine' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'lua-engine' }.data.generation", equalTo(1));
    }
}

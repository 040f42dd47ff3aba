package io.luxy.proxy.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.reload.Generation;
import io.luxy.support.LuxyTestBase;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;

/**
 * {@code http-response redirect}, {@code redirect … set-cookie/clear-cookie} and the header
 * captures of {@code capture request|response header}, through a real proxy to a Vert.x server
 * that answers 404 on /nf and 500 on /err. Expected responses are those of HAProxy 2.6.12 for
 * the same cfg (Cache-Control: no-cache for 302/303/307 only, HAProxy's Set-Cookie suffixes).
 */
class RedirectCookieCaptureIT extends LuxyTestBase {

    private int port;
    private Generation gen;

    @BeforeEach
    void start() throws Exception {
        RestAssured.config = RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));
        int srv = vertx().createHttpServer().requestHandler(req -> {
            int st = req.path().equals("/nf") ? 404 : req.path().equals("/err") ? 500 : 200;
            req.response().setStatusCode(st).putHeader("X-Srv", "server-one").end("body");
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        port = freePort();
        gen = startProxy("""
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    capture request header Host len 9
                    capture request header X-Missing len 5
                    capture response header X-Srv len 6
                    http-request redirect location /y code 303 set-cookie SEEN=1 if { path /set }
                    http-request redirect location /y clear-cookie SEEN= if { path /clear }
                    http-request redirect location /y clear-cookie SEEN code 308 if { path /clear2 }
                    http-request redirect prefix /p set-cookie X if { path /x }
                    http-response redirect location /moved/%%[status] if { status 404 }
                    http-response redirect location /m2 code 307 set-cookie Z=9 if { status 500 }
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(port, srv));
    }

    @Test
    void requestRedirect_setAndClearCookie_asHaproxy() {
        given().port(port).get("/set").then().statusCode(303).header("location", "/y").header("cache-control", "no-cache")
                .header("set-cookie", "SEEN=1; path=/;");
        given().port(port).get("/clear").then().statusCode(302).header("set-cookie", "SEEN=; path=/; Max-Age=0;");
        given().port(port).get("/clear2").then().statusCode(308).header("cache-control", nullValue())
                .header("set-cookie", "SEEN; path=/; Max-Age=0;");
        given().port(port).get("/x").then().statusCode(302).header("location", "/p/x").header("set-cookie", "X; path=/;");
    }

    @Test
    void responseRedirect_replacesTheServersResponse() {
        given().port(port).get("/nf").then().statusCode(302).header("location", "/moved/404").header("cache-control", "no-cache")
                .header("x-srv", nullValue()).body(emptyString());
        given().port(port).get("/err").then().statusCode(307).header("location", "/m2").header("set-cookie", "Z=9; path=/;");
        given().port(port).get("/ok").then().statusCode(200).body(equalTo("body"));
    }

    @Test
    void captures_lastOccurrenceTruncated_emptyWhenAbsent() {
        Captures c = gen.model().frontends().get(0).options().captures();
        List<Map.Entry<String, String>> req = List.of(Map.entry("host", "first.example"), Map.entry("Accept", "*/*"),
                Map.entry("HOST", "second.example.com"));
        assertEquals(List.of("second.ex", ""), c.request(req));
        assertEquals(List.of("server"), c.response(List.of(Map.entry("x-srv", "server-one"))));
        assertNull(Captures.NONE.request(req), "no capture declared: nothing for %hr");
    }
}

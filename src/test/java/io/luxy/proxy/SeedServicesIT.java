package io.luxy.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.luxy.support.EchoServer;
import io.luxy.support.LuxyTestBase;

/**
 * The seeds' scenarios, served by Luxy from the shipped, unchanged Lua scripts over real
 * loopback sockets (seed 000 checktcp with the echo server, seed 002 hello world and verify,
 * seed 003 first steps).
 */
class SeedServicesIT extends LuxyTestBase {

    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            """;

    @Test
    void helloWorldHttp_echoesThePath() throws Exception {
        int port = freePort();
        startProxy("global\n    lua-load @LUA@/hello_world.lua\n" + DEFAULTS + """
                frontend http_test
                    bind 127.0.0.1:%d
                    tcp-request inspect-delay 1s
                    http-request use-service lua.hello_world_http
                """.formatted(port));
        given().port(port).get("/foo/bar?x=1").then()
                .statusCode(200)
                .header("content-type", "text/plain")
                .header("content-length", "44")
                .body(equalTo("The path which was requested is: '/foo/bar'\n"));
    }

    @Test
    void helloWorldTcp_sendsHelloAndCloses() throws Exception {
        int port = freePort();
        startProxy("global\n    lua-load @LUA@/hello_world.lua\n" + DEFAULTS + """
                frontend tcp_test
                    bind 127.0.0.1:%d
                    mode tcp
                    tcp-request inspect-delay 1s
                    tcp-request content use-service lua.hello_world_tcp
                """.formatted(port));
        assertEquals("hello world\n", tcpExchange(port, null));
    }

    @Test
    void checktcp_followsTheEchoServerOn8080() throws Exception {
        int port = freePort();
        startProxy("global\n    lua-load @LUA@/checktcp.lua\n" + DEFAULTS + """
                frontend fe_main
                    bind 127.0.0.1:%d
                    default_backend checktcp
                backend checktcp
                    mode http
                    http-request use-service lua.checktcp
                """.formatted(port));
        try (EchoServer echo = EchoServer.start(8080)) {
            given().port(port).get("/").then().statusCode(200).header("content-type", "text/html").body(equalTo("OK\r\n"));
        }
        given().port(port).get("/").then().statusCode(503).body(equalTo("KO\r\n"));
        try (EchoServer echo = EchoServer.start(8080)) {
            given().port(port).get("/").then().statusCode(200).body(equalTo("OK\r\n"));
        }
    }

    @Test
    void echoService_sendsHeaderThenEchoes() throws Exception {
        int port = freePort();
        startProxy("global\n    lua-load @LUA@/echo.lua\n" + DEFAULTS + """
                frontend echo
                    mode tcp
                    bind 127.0.0.1:%d
                    tcp-request inspect-delay 1s
                    tcp-request content use-service lua.echo
                """.formatted(port));
        try (java.net.Socket c = new java.net.Socket("127.0.0.1", port)) {
            c.setSoTimeout(5000);
            c.getOutputStream().write("check\nsecond\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            String header = in.readLine();
            assertTrue(header.matches("echo 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + port), header);
            assertEquals("check", in.readLine());
            assertEquals("second", in.readLine());
        }
    }

    private String verifyConfig(int port, int verifierPort) {
        return "global\n    lua-load @LUA@/verify_request.lua\n    lua-load @LUA@/verifier.lua\n    lua-load @LUA@/hello_world.lua\n"
                + DEFAULTS + """
                frontend example
                    bind 127.0.0.1:%d
                    http-request lua.verify_request
                    http-request deny if !{ var(txn.request_verified) -m bool }
                    http-request use-service lua.hello_world_http
                frontend verifier
                    bind 127.0.0.1:%d
                    http-request use-service lua.verifier
                """.formatted(port, verifierPort);
    }

    @Test
    void verifyRequest_allowsFoundAndDeniesNotFound() throws Exception {
        int port = freePort();
        startProxy(verifyConfig(port, 8081));
        given().port(port).get("/public/a").then().statusCode(200).body(containsString("'/public/a'"));
        given().port(port).get("/private/a").then().statusCode(403)
                .header("cache-control", "no-cache")
                .body(equalTo("<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n"));
    }

    @Test
    void verifyRequest_deniesWhenTheVerifierIsDown() throws Exception {
        int port = freePort();
        int unused = freePort();
        startProxy(verifyConfig(port, unused)); // nothing listens on 8081 in this test's config
        given().port(port).get("/public/a").then().statusCode(403);
    }

    @Test
    void firstSteps_fetchConverterPrivAndTask() throws Exception {
        int port = freePort();
        startProxy("global\n    lua-load @LUA@/first_steps.lua\n" + DEFAULTS + """
                frontend first_steps
                    bind 127.0.0.1:%d
                    http-request set-header X-Hash %%[lua.my-hash(salt)]
                    http-request lua.remember
                    http-request set-header X-Priv %%[lua.priv-entry(entry2)]
                    http-request set-header X-Tag %%[req.hdr(user-agent),lua.tag(ua)]
                    http-request use-service lua.first_steps
                """.formatted(port));
        given().port(port).header("User-Agent", "myagent").post("/x").then().statusCode(200)
                .body(matchesPattern("hash=\\d+\ntag=ua:tnegaym\npriv=POST\nticks=(true|false)\n"));
        io.luxy.support.Await.until(() -> given().port(port).get("/x").body().asString().contains("ticks=true"));
    }

    @Test
    void luaErrorInService_answers500AndTheProxyGoesOn() throws Exception {
        java.nio.file.Path script = java.nio.file.Files.createTempFile("broken", ".lua");
        java.nio.file.Files.writeString(script, """
                core.register_service("broken", "http", function(applet)
                  local t = nil
                  return t.field
                end)
                """);
        int port = freePort();
        startProxy("global\n    lua-load " + script + "\n    lua-load @LUA@/hello_world.lua\n" + DEFAULTS + """
                frontend f
                    bind 127.0.0.1:%d
                    http-request use-service lua.hello_world_http if { path_beg /ok }
                    http-request use-service lua.broken
                """.formatted(port));
        given().port(port).get("/boom").then().statusCode(500)
                .body(equalTo("<html><body><h1>500 Internal Server Error</h1>\nAn internal server error occurred.\n</body></html>\n"));
        given().port(port).get("/ok").then().statusCode(200);
    }
}

package io.luxy.lua.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.luxy.lua.engine.LuaReporter;
import io.luxy.support.LuxyTestBase;

/**
 * HAProxy's error rules over real sockets: an action's runtime error aborts the action and the
 * request goes on; a service's error answers 500; a fetch's error or a yield in a fetch gives no
 * sample ("yield not allowed"); objects used after their transaction raise "object used outside
 * of proper scope"; every failure is counted per script, function and kind.
 */
class LuaErrorsIT extends LuxyTestBase {

    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            """;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private Path start(String lua, String frontend) throws Exception {
        Path f = Files.createTempFile("errors", ".lua");
        Files.writeString(f, lua);
        f.toFile().deleteOnExit();
        int port = freePort();
        startProxy("global\n    lua-load " + f + "\n" + DEFAULTS + "frontend fe\n    bind 127.0.0.1:" + port + "\n" + frontend);
        this.port = port;
        return f;
    }

    private int port;

    @Test
    void txnStoredInAGlobal_raisesScopeErrorInALaterRequest() throws Exception {
        Path lua = start("""
                core.register_action("keep", {"http-req"}, function(txn) saved = txn end)
                core.register_service("use", "http", function(applet)
                  local ok, err = pcall(function() return saved:get_var("txn.x") end)
                  local ok2, err2 = pcall(function() return kept_applet:get_var("txn.x") end)
                  kept_applet = applet
                  applet:start_response()
                  applet:send(tostring(ok) .. "|" .. tostring(err) .. "|" .. tostring(ok2) .. "|" .. tostring(err2))
                end)
                """, """
                    http-request lua.keep if { path /keep }
                    http-request return status 200 content-type text/plain string kept if { path /keep }
                    http-request use-service lua.use
                """);
        assertEquals("kept", get(port, "/keep").body());
        String first = get(port, "/use").body();
        assertTrue(first.startsWith("false|") && first.contains("object used outside of proper scope|"), first);
        String second = get(port, "/use").body(); // now the applet of the first /use is dead too
        assertTrue(second.endsWith("|false|object used outside of proper scope")
                || second.matches(".*\\|false\\|.*object used outside of proper scope$"), second);
        assertTrue(lua.toFile().exists());
    }

    @Test
    void socketLeftOpenByAnAction_isClosedWhenTheActionEnds() throws Exception {
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(10_000);
            start("""
                    core.register_action("open", {"http-req"}, function(txn)
                      local s = core.tcp()
                      s:settimeout(2)
                      s:connect("127.0.0.1", %d)
                      s:send("hello\\n")
                    end)
                    """.formatted(peer.getLocalPort()), """
                        http-request lua.open
                        http-request return status 200 content-type text/plain string done
                    """);
            assertEquals("done", get(port, "/").body());
            try (java.net.Socket accepted = peer.accept()) {
                accepted.setSoTimeout(10_000);
                byte[] all = accepted.getInputStream().readAllBytes(); // returns at EOF: Luxy closed it
                assertEquals("hello\n", new String(all, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void runtimeErrors_followHaproxyRules_andAreCountedPerScriptFunctionAndKind() throws Exception {
        Path lua = start("""
                core.register_action("boom", {"http-req"}, function(txn) error("boom") end)
                core.register_service("sboom", "http", function(applet) error("sboom") end)
                core.register_fetches("fboom", function(txn) error("fboom") end)
                core.register_fetches("sleepy", function(txn) core.msleep(10) return "slept" end)
                core.register_service("show", "http", function(applet)
                  applet:start_response()
                  applet:send("f=[" .. tostring(applet.f:var("txn.f")) .. "] s=[" .. tostring(applet.f:var("txn.s")) .. "]")
                end)
                """, """
                    http-request lua.boom if { path /boom }
                    http-request return status 200 content-type text/plain string went-on if { path /boom }
                    http-request use-service lua.sboom if { path /sboom }
                    http-request set-var(txn.f) lua.fboom if { path /fetch }
                    http-request set-var(txn.s) lua.sleepy if { path /fetch }
                    http-request use-service lua.show
                """);
        String script = lua.toString();
        assertEquals("went-on", get(port, "/boom").body());
        assertEquals(500, get(port, "/sboom").statusCode());
        assertEquals("f=[nil] s=[nil]", get(port, "/fetch").body());
        assertEquals(1, LuaReporter.errors(script, "boom", LuaReporter.Kind.RUNTIME_ERROR));
        assertEquals(1, LuaReporter.errors(script, "sboom", LuaReporter.Kind.RUNTIME_ERROR));
        assertEquals(1, LuaReporter.errors(script, "fboom", LuaReporter.Kind.RUNTIME_ERROR));
        assertEquals(1, LuaReporter.errors(script, "sleepy", LuaReporter.Kind.YIELD_NOT_ALLOWED));
        assertTrue(LuaReporter.errorCounts().keySet().stream().anyMatch(k -> k.script().equals(script)));
    }
}

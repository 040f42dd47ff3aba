package io.luxy.lua.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.luxy.lua.engine.LuaReporter;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * {@code tune.lua.*} enforced over real sockets, as HAProxy 2.6 does: an action looping forever
 * is stopped after {@code tune.lua.session-timeout} and the request goes on while other requests
 * on the same shared state are served; a looping service answers 500 after
 * {@code tune.lua.service-timeout}; {@code tune.lua.task-timeout} stops a task;
 * {@code tune.lua.maxmem} fails an allocating action and the next request works;
 * {@code tune.lua.forced-yield} interleaves two busy requests on one state. Each failure is
 * counted per script, function and kind.
 */
class LuaLimitsIT extends LuxyTestBase {

    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            """;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Path script(String lua) throws Exception {
        Path f = Files.createTempFile("limits", ".lua");
        Files.writeString(f, lua);
        f.toFile().deleteOnExit();
        return f;
    }

    private CompletableFuture<HttpResponse<String>> get(int port, String path) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build();
        return client.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void actionLoopingForever_isStoppedAfterSessionTimeout_whileOtherRequestsAreServed() throws Exception {
        Path lua = script("""
                core.register_action("loop", {"http-req"}, function(txn) while true do end end)
                core.register_action("quick", {"http-req"}, function(txn) txn:set_var("txn.q", "1") end)
                """);
        int port = freePort();
        startProxy("global\n    lua-load " + lua + "\n    tune.lua.session-timeout 3s\n" + DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:%d
                    http-request lua.loop if { path /loop }
                    http-request lua.quick if { path /quick }
                    http-request return status 200 content-type text/plain string after-action
                """.formatted(port));
        String script = lua.toString();
        long before = LuaReporter.errors(script, "loop", LuaReporter.Kind.EXECUTION_TIMEOUT);
        CompletableFuture<HttpResponse<String>> loop = get(port, "/loop");
        // the quick action runs in the same shared state: it is served while the loop holds it
        CompletableFuture<HttpResponse<String>> quick = get(port, "/quick");
        Await.until(quick::isDone);
        assertFalse(loop.isDone(), "the quick request had to wait for the looping one");
        assertEquals(200, quick.get().statusCode());
        HttpResponse<String> r = loop.get();
        assertEquals(200, r.statusCode());
        assertEquals("after-action", r.body());
        assertEquals(before + 1, LuaReporter.errors(script, "loop", LuaReporter.Kind.EXECUTION_TIMEOUT));
    }

    @Test
    void timeoutIsALuaErrorThatPcallSees_asInHaproxy26() throws Exception {
        Path lua = script("""
                core.register_service("p", "http", function(applet)
                  local ok, err = pcall(function() while true do end end)
                  local body = tostring(ok) .. " " .. tostring(err)
                  applet:start_response()
                  applet:send(body)
                end)
                """);
        int port = freePort();
        startProxy("global\n    lua-load " + lua + "\n    tune.lua.service-timeout 300\n" + DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.p
                """.formatted(port));
        HttpResponse<String> r = get(port, "/").get();
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("false ") && r.body().endsWith("execution timeout"), r.body());
    }

    @Test
    void serviceLoopingForever_answers500AfterServiceTimeout() throws Exception {
        Path lua = script("""
                core.register_service("spin", "http", function(applet) while true do end end)
                """);
        int port = freePort();
        startProxy("global\n    lua-load " + lua + "\n    tune.lua.service-timeout 500ms\n" + DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.spin
                """.formatted(port));
        assertEquals(500, get(port, "/").get().statusCode());
        assertEquals(1, LuaReporter.errors(lua.toString(), "spin", LuaReporter.Kind.EXECUTION_TIMEOUT));
    }

    @Test
    void taskLoopingForever_isStoppedAfterTaskTimeout() throws Exception {
        Path lua = script("""
                n = 0
                core.register_task(function() while true do n = n + 1 end end)
                core.register_service("n", "http", function(applet)
                  applet:start_response()
                  applet:send(tostring(n))
                end)
                """);
        int port = freePort();
        startProxy("global\n    lua-load " + lua + "\n    tune.lua.task-timeout 300ms\n" + DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.n
                """.formatted(port));
        Await.until(() -> LuaReporter.errors(lua.toString(), "task", LuaReporter.Kind.EXECUTION_TIMEOUT) == 1);
        String first = get(port, "/").get().body();
        String second = get(port, "/").get().body();
        assertEquals(first, second, "the task no longer runs");
        assertTrue(Long.parseLong(first) > 0, first);
    }

    @Test
    void actionAllocatingWithoutBound_failsWithOutOfMemory_andTheNextRequestWorks() throws Exception {
        Path lua = script("""
                core.register_action("grow", {"http-req"}, function(txn)
                  local t, i = {}, 0
                  while true do i = i + 1; t[i] = string.rep("x", 1000) .. i end
                end)
                core.register_service("after", "http", function(applet)
                  local t = {}
                  for i = 1, 1000 do t[i] = "v" .. i end
                  applet:start_response()
                  applet:send(#t .. " " .. tostring(txn_err))
                end)
                """);
        int port = freePort();
        startProxy("global\n    lua-load " + lua + "\n    tune.lua.maxmem 16\n" + DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:%d
                    http-request lua.grow if { path /grow }
                    http-request return status 200 content-type text/plain string after-action if { path /grow }
                    http-request use-service lua.after
                """.formatted(port));
        HttpResponse<String> r = get(port, "/grow").get();
        assertEquals(200, r.statusCode());
        assertEquals("after-action", r.body());
        assertEquals(1, LuaReporter.errors(lua.toString(), "grow", LuaReporter.Kind.OUT_OF_MEMORY));
        assertEquals("1000 nil", get(port, "/next").get().body());
    }

    @Test
    void forcedYield_interleavesTwoBusyRequestsOnOneSharedState() throws Exception {
        // Each request spins until it has seen the other one run 20 times in between its own
        // steps: that only ends if forced yields hand the shared state over in both directions.
        Path lua = script("""
                core.register_service("spin", "http", function(applet)
                  local me, seen = applet.qs, 0
                  while seen < 20 do
                    if last ~= me then
                      if last ~= nil then seen = seen + 1 end
                      last = me
                    end
                  end
                  applet:start_response()
                  applet:send("seen=" .. seen)
                end)
                """);
        int port = freePort();
        startProxy("global\n    lua-load " + lua + "\n    tune.lua.forced-yield 500\n    tune.lua.service-timeout 20s\n"
                + DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.spin
                """.formatted(port));
        CompletableFuture<HttpResponse<String>> a = get(port, "/?a");
        CompletableFuture<HttpResponse<String>> b = get(port, "/?b");
        assertEquals("seen=20", a.get().body());
        assertEquals("seen=20", b.get().body());
    }
}

package io.luxy.lua.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;

/**
 * Server objects change balancing at once: {@code Server:set_weight} and
 * {@code set_maint/set_ready} called from a Lua action shift real traffic between two Vert.x
 * backends on the very next requests.
 */
class LuaServerTrafficIT extends LuxyTestBase {

    private static final String CFG = """
            global
                lua-load %s
            defaults
                mode http
                timeout connect 5s
                timeout client 10s
                timeout server 10s
            frontend fe
                bind 127.0.0.1:%d
                http-request lua.setw s2 0 if { path /w/s2/0 }
                http-request lua.setw s2 100%% if { path /w/s2/100 }
                http-request lua.setw s2 3 if { path /w/s2/3 }
                http-request lua.setw s2 abc if { path /w/s2/abc }
                http-request return status 200 content-type text/plain lf-string "%%[var(txn.err)]" if { path_beg /w/ }
                http-request lua.admin s1 maint if { path /a/s1/maint }
                http-request lua.admin s1 ready if { path /a/s1/ready }
                http-request return status 200 content-type text/plain lf-string "%%[var(txn.err)]" if { path_beg /a/ }
                default_backend be
            backend be
                server s1 127.0.0.1:%d
                server s2 127.0.0.1:%d
            """;

    private int port;

    private Map<String, Integer> spread(int n) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = LuaApiSupport.get(port, "/x");
            assertEquals(200, r.statusCode());
            counts.merge(r.body(), 1, Integer::sum);
        }
        return counts;
    }

    private String admin(String path) throws Exception {
        HttpResponse<String> r = LuaApiSupport.get(port, path);
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void setWeightAndAdminState_shiftTrafficAtOnce() throws Exception {
        port = freePort();
        int s1 = LuaApiSupport.startNamedBackend(vertx(), "s1", freePort());
        int s2 = LuaApiSupport.startNamedBackend(vertx(), "s2", freePort());
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lua-api");
        startProxy(CFG.formatted(LuaApiSupport.copyScript("api_actions.lua", dir), port, s1, s2));

        assertEquals(Map.of("s1", 5, "s2", 5), spread(10));

        assertEquals("nil", admin("/w/s2/0"));
        assertEquals(Map.of("s1", 10), spread(10));

        assertEquals("nil", admin("/w/s2/3"));
        Map<String, Integer> weighted = spread(16);
        assertEquals(Map.of("s1", 4, "s2", 12), weighted, "weights 1:3");

        assertEquals("Empty weight string empty or preceded by garbage", admin("/w/s2/abc"));
        assertEquals("nil", admin("/w/s2/100"));

        assertEquals("MAINT act=1 w=1", admin("/a/s1/maint"));
        assertEquals(Map.of("s2", 10), spread(10));
        assertEquals("no check act=2 w=1", admin("/a/s1/ready"));
        assertEquals(Map.of("s1", 5, "s2", 5), spread(10));
    }
}

package io.luxy.lua.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;

/**
 * TXN variables from a Lua action, in every scope: {@code txn.}/{@code req.} live for one
 * request, {@code res.} is refused from a request action (HAProxy 2.6.12), an unknown scope is
 * refused, a float stores Lua 5.3's {@code lua_tointeger} result (1.5 → 0), and {@code ifexist}
 * only restricts {@code proc.} (HAProxy 2.6's set_var reg-test rules). The config reads the
 * variables Lua set ({@code %[var(txn.out)]}).
 */
class LuaTxnVarsIT extends LuxyTestBase {

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
                http-request lua.vars
                http-request return status 200 content-type text/plain lf-string "%%[var(txn.out)]"
            """;

    @Test
    void setVar_everyScope() throws Exception {
        int port = freePort();
        startProxy(CFG.formatted(LuaApiSupport.copyScript("api_actions.lua", Files.createTempDirectory("lua-api")), port));
        String rest = " txn_before=nil txn=true req=true:5 res=false:nil bad=false:nil float=true:0"
                + " ifexist_new_proc=false:nil ifexist_txn=true:v ifexist_known_proc=true:b unset=true:nil";
        assertEquals("sess=true:1" + rest, LuaApiSupport.get(port, "/").body());
        // A second request starts a new transaction: txn-scoped variables are gone. (HAProxy keeps sess.
        // variables across the requests of a keep-alive connection; Luxy's streams keep them per request
        // for now, so the sess counter is not asserted across requests.)
        assertEquals(rest, LuaApiSupport.get(port, "/").body().replaceFirst("^sess=true:\\d", ""));
    }
}

package io.luxy.lua.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * The same script (src/test/resources/lua-api/api_dump.lua: Proxy/Server objects, set_weight
 * and set_addr messages, admin states, tokenize, http_date, parse_addr/match_addr, Regex, every
 * Map match type) served by Luxy and, when installed, by HAProxy 2.6 gives the same text.
 */
class LuaApiParityIT extends LuxyTestBase {

    private String dump(boolean haproxy, int s1, int s2) throws Exception {
        Path dir = Files.createTempDirectory("lua-api");
        Path lua = LuaApiSupport.copyScript("api_dump.lua", dir);
        int port = freePort();
        String cfg = Files.readString(LuaApiSupport.RESOURCES.resolve("api_dump.cfg")).replace("@DIR@", dir.toString())
                .replace("@PORT@", Integer.toString(port)).replace("@S1@", Integer.toString(s1))
                .replace("@S2@", Integer.toString(s2));
        if (!haproxy) {
            startProxy(cfg);
            return LuaApiSupport.get(port, "/").body();
        }
        Path f = dir.resolve("haproxy.cfg");
        Files.writeString(f, cfg);
        Process p = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", f.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        try {
            Await.until(() -> listening(port));
            return LuaApiSupport.get(port, "/").body();
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void apiDump_luxyAnswersAsHaproxy26() throws Exception {
        int s1 = freePort();
        int s2 = freePort();
        String luxy = dump(false, s1, s2);
        assertTrue(luxy.contains("sw 50%=nil w=5 sw 7=nil w=7"), luxy);
        assertTrue(luxy.contains("ip 10.1.2.3>private-1/private-1 10.9.9.9>private/private"), luxy);
        assertTrue(luxy.contains("re ok=true exec=true match=true needle in the|in|the #3"), luxy);
        if (Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            assertEquals(dump(true, s1, s2), luxy);
        }
    }
}

package io.luxy.lua.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.EchoServer;
import io.luxy.support.LuxyTestBase;

/**
 * {@code txn.req} (HAProxy class Channel) in a {@code tcp-request content} Lua action of a tcp
 * frontend: the action reads the first line, reads and rewrites the rest with data/line/set/
 * insert/remove, forwards and sends bytes, and a real echo backend returns exactly what the server
 * received. HAProxy 2.6 (when installed) given the same config and client bytes echoes the same.
 */
class LuaChannelIT extends LuxyTestBase {

    static final String SCRIPT = """
            core.register_action("rewrite", {"tcp-req"}, function(txn)
              local l = txn.req:getline()
              local r = {}
              r[#r+1] = "line=" .. txn.req:line()
              r[#r+1] = "d=" .. txn.req:data(1, 2) .. "|" .. txn.req:data(-3)
              r[#r+1] = "set=" .. txn.req:set("AB", 0, 1)
              r[#r+1] = "ins=" .. txn.req:insert("<", 0)
              r[#r+1] = "rem=" .. txn.req:remove(-1, 1)
              r[#r+1] = "fwd=" .. txn.req:forward(2) .. " out=" .. txn.req:output() .. " in=" .. txn.req:input()
              r[#r+1] = "dup=" .. txn.req:dup()
              r[#r+1] = "resp=" .. tostring(txn.req:is_resp()) .. tostring(txn.res:is_resp())
              r[#r+1] = "res=" .. txn.res:input() .. "/" .. txn.res:output() .. " http=" .. tostring(txn.http)
              r[#r+1] = "lens=" .. txn.req:get_in_len() .. "/" .. txn.req:get_out_len()
              r[#r+1] = "bad=" .. tostring(select(2, pcall(function() return txn.req:set("x", 99) end)))
              r[#r+1] = "send=" .. txn.req:send(l:upper())
              txn.req:insert(table.concat(r, " ") .. "\\n", txn.req:input())
            end)
            """;

    static final String CFG = """
            global
                lua-load %s
            defaults
                mode tcp
                timeout connect 5s
                timeout client 10s
                timeout server 10s
            frontend ft
                bind 127.0.0.1:%d
                tcp-request inspect-delay 5s
                tcp-request content lua.rewrite
                default_backend echo
            backend echo
                server s1 127.0.0.1:%d
            """;

    private static final String CLIENT = "hello world\\r\\nsecond\\r\\n".translateEscapes();

    /** What the echo backend returned, without its first line (which names the addresses). */
    private static String echoed(String all) {
        return all.substring(all.indexOf('\n') + 1);
    }

    /**
     * Sends the client bytes (the connection stays open both ways) and reads what comes back
     * until the script's report line ("... send=N\\n") is complete; 5 s at most.
     */
    static String exchange(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(CLIENT.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder got = new StringBuilder();
            byte[] b = new byte[4096];
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                int i = got.indexOf("send=");
                if (i >= 0 && got.indexOf("\n", i) >= 0) {
                    break;
                }
                int n = s.getInputStream().read(b);
                if (n < 0) {
                    break;
                }
                got.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
            }
            return got.toString();
        }
    }

    @Test
    void channel_rewritesWhatTheServerReceives_asHaproxy() throws Exception {
        Path lua = Files.createTempDirectory("lua-channel").resolve("channel.lua");
        Files.writeString(lua, SCRIPT);
        int echoPort = freePort();
        try (EchoServer echo = EchoServer.start(echoPort)) {
            int port = freePort();
            startProxy(CFG.formatted(lua, port, echoPort));
            String luxy = echoed(exchange(port));
            assertEquals(("<AHELLO WORLD\\r\\nBecond\\rline=second\\r\\n d=ec|d\\r\\n set=2 ins=1 rem=1 fwd=2 out=2 in=7 dup=Becond\\r "
                    + "resp=falsetrue res=0/0 http=nil lens=7/2 bad=offset out of range. send=13\\n").translateEscapes(), luxy);
            if (HaproxyRunner.installed()) {
                int hport = freePort();
                try (HaproxyRunner h = HaproxyRunner.start(CFG.formatted(lua, hport, echoPort), hport)) {
                    assertEquals(echoed(exchange(hport)), luxy, h.log());
                }
            }
        }
    }
}

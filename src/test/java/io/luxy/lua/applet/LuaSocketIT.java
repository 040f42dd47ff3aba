package io.luxy.lua.applet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.lua.http.RawHttp;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.buffer.Buffer;

/**
 * {@code core.tcp()} (HAProxy class Socket) from an HTTP service against a real TCP server that
 * answers commands, with HAProxy 2.6.12's results (not LuaSocket's): connect forms
 * ({@code ip:port}, {@code ipv4@}, host and port apart, refused), getpeername/getsockname as
 * "ip:port", {@code send} returning the byte count (-1 once closed), receive patterns
 * ({@code *l} without CR/LF, a count that includes the prefix, a prefix longer than the count
 * reading to the close, {@code *a}), {@code nil, "connection closed."} after the peer closed,
 * {@code close()} returning nothing, "Unsupported pattern.", and a receive timeout that closes the
 * socket (a partial line is lost, a count returns the bytes consumed).
 */
class LuaSocketIT extends LuxyTestBase {

    static final String SCRIPT = """
            local function q(...)
              local out = {}
              for i = 1, select("#", ...) do out[#out+1] = tostring((select(i, ...))) end
              return table.concat(out, ",")
            end
            core.register_service("sock", "http", function(applet)
              local port = tonumber(applet.qs)
              local r = {}
              local s = core.tcp()
              s:settimeout(3)
              r[#r+1] = "c=" .. q(s:connect("127.0.0.1:" .. port))
              r[#r+1] = "peer=" .. tostring(s:getpeername() == "127.0.0.1:" .. port)
                .. " sock=" .. tostring(s:getsockname():match("^127%.0%.0%.1:%d+$") ~= nil)
              r[#r+1] = "send=" .. q(s:send("go\\n"))
              r[#r+1] = "l=" .. q(s:receive())
              r[#r+1] = "n=" .. q(s:receive(3, "P:"))
              r[#r+1] = "n2=" .. q(s:receive(4, "Q:"))
              r[#r+1] = "send2=" .. q(s:send("xend\\n", 2))
              r[#r+1] = "toclose=" .. q(s:receive(2, "pre-"))
              r[#r+1] = "after=" .. q(s:receive("*a"))
              local ok, e = pcall(function() return s:receive("*x") end)
              r[#r+1] = "bad=" .. tostring(e):gsub("^.*: ", "")
              r[#r+1] = "close=" .. select("#", s:close())
              r[#r+1] = "send3=" .. q(s:send("x"))
              local t = core.tcp()
              t:settimeout(0.3)
              t:connect("127.0.0.1", port)
              r[#r+1] = "tl=" .. q(t:receive("*l"))
              r[#r+1] = "tl2=" .. q(t:receive(2)) .. " tsend=" .. q(t:send("go\\n"))
              local u = core.tcp()
              u:settimeout(0.3)
              u:connect("127.0.0.1", port)
              r[#r+1] = "tn=" .. q(u:receive(10))
              local s2 = core.tcp()
              r[#r+1] = "c4=" .. tostring(s2:connect("ipv4@127.0.0.1:" .. port))
              local s3 = core.tcp()
              r[#r+1] = "c2=" .. tostring(s3:connect("127.0.0.1", port))
              local s4 = core.tcp()
              r[#r+1] = "refused=" .. tostring(select(2, s4:connect("127.0.0.1:1")))
              local body = table.concat(r, "\\n") .. "\\n"
              applet:add_header("content-length", #body)
              applet:start_response()
              applet:send(body)
            end)
            """;

    /** A server that sends "abc", then on "go" sends "def\\r\\n12345", then on "end" sends "tail" and closes. */
    private int commandServer() throws Exception {
        int port = freePort();
        vertx().createNetServer().connectHandler(so -> {
            so.write("abc");
            StringBuilder in = new StringBuilder();
            so.handler(b -> {
                in.append(b.toString());
                if (in.indexOf("go\n") >= 0) {
                    in.delete(0, in.indexOf("go\n") + 3);
                    so.write("def\r\n12345");
                }
                if (in.indexOf("end\n") >= 0) {
                    so.write(Buffer.buffer("tail")).onComplete(x -> so.close());
                }
            });
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return port;
    }

    @Test
    void socket_patternsTimeoutsAndConnectForms() throws Exception {
        Path lua = Files.createTempDirectory("lua-socket").resolve("sock.lua");
        Files.writeString(lua, SCRIPT);
        int server = commandServer();
        int port = freePort();
        startProxy("""
                global
                    lua-load %s
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.sock
                """.formatted(lua, port));
        String r = RawHttp.exchange(port, "GET /?" + server + " HTTP/1.1\r\nHost: x\r\n");
        assertEquals("""
                c=1
                peer=true sock=true
                send=3
                l=abcdef
                n=P:1
                n2=Q:23
                send2=4
                toclose=pre-45tail
                after=nil,connection closed.
                bad=Unsupported pattern.
                close=0
                send3=-1
                tl=nil,connection closed.
                tl2=nil,connection closed. tsend=-1
                tn=abc
                c4=1
                c2=1
                refused=Can't connect
                """, RawHttp.body(r), r);
    }
}

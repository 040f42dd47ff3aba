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
 * answers commands: connect forms ({@code ip:port}, {@code ipv4@}, host and port apart, refused),
 * getpeername/getsockname as "ip:port", receive patterns ({@code *l} without CR/LF, a count,
 * a prefix, {@code *a} until close), the timeout result {@code nil, "timeout", partial} with the
 * socket still usable, {@code nil, "connection closed."} after the peer closed, and
 * "Unsupported pattern." for an unknown pattern.
 */
class LuaSocketIT extends LuxyTestBase {

    static final String SCRIPT = """
            core.register_service("sock", "http", function(applet)
              local port = tonumber(applet.qs)
              local r = {}
              local s = core.tcp()
              s:settimeout(0.3)
              r[#r+1] = "c=" .. tostring(s:connect("127.0.0.1:" .. port))
              r[#r+1] = "peer=" .. tostring(s:getpeername() == "127.0.0.1:" .. port)
                .. " sock=" .. tostring(s:getsockname():match("^127%.0%.0%.1:%d+$") ~= nil)
              local a, b, c = s:receive("*l")
              r[#r+1] = "l=" .. tostring(a) .. "," .. tostring(b) .. "," .. tostring(c)
              r[#r+1] = "send=" .. tostring(s:send("go\\n"))
              r[#r+1] = "l2=" .. tostring(s:receive())
              r[#r+1] = "n=" .. tostring(s:receive(3, "P:"))
              a, b, c = s:receive(5, "Q:")
              r[#r+1] = "n2=" .. tostring(a) .. "," .. tostring(b) .. "," .. tostring(c)
              s:send("end\\n")
              r[#r+1] = "all=" .. tostring(s:receive("*a"))
              a, b = s:receive("*a")
              r[#r+1] = "after=" .. tostring(a) .. "," .. tostring(b)
              local ok, e = pcall(function() return s:receive("*x") end)
              r[#r+1] = "bad=" .. tostring(e):gsub("^.*: ", "")
              s:close()
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
                l=nil,timeout,abc
                send=3
                l2=def
                n=P:123
                n2=nil,timeout,Q:45
                all=tail
                after=nil,connection closed.
                bad=Unsupported pattern.
                c4=1
                c2=1
                refused=Can't connect
                """, RawHttp.body(r), r);
    }
}

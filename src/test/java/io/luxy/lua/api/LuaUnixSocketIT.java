package io.luxy.lua.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.lua.http.RawHttp;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * {@code core.tcp()} to {@code unix@/path} (HAProxy class Socket), the original lua-haproxy
 * design: a Lua service reads Luxy's own stats socket and gets the CSV the runtime API gives
 * directly; lines read one by one with {@code "*l"}; a missing path gives {@code nil, "Can't
 * connect"}; a receive timeout on a silent unix server closes the socket as HAProxy 2.6.12 does;
 * a large answer read with {@code "*a"} (backpressure). The same script runs on the real HAProxy
 * 2.6 when installed, and its answer must be the same.
 */
class LuaUnixSocketIT extends LuxyTestBase {

    static final String SCRIPT = """
            local function q(...)
              local out = {}
              for i = 1, select("#", ...) do out[#out+1] = tostring((select(i, ...))) end
              return table.concat(out, ",")
            end
            local function reply(applet, body)
              applet:set_status(200)
              applet:add_header("content-length", #body)
              applet:start_response()
              applet:send(body)
            end
            core.register_service("unix_stat", "http", function(applet)
              local s = core.tcp()
              s:settimeout(5)
              local ok, err = s:connect("unix@" .. applet.qs .. "/admin.sock")
              if not ok then return reply(applet, "connect: " .. tostring(err)) end
              s:send("show stat\\n")
              reply(applet, s:receive("*a") or "nil")
            end)
            core.register_service("unix_rules", "http", function(applet)
              local dir = applet.qs
              local r = {}
              local s = core.tcp()
              s:settimeout(5)
              r[#r+1] = "c=" .. q(s:connect("unix@" .. dir .. "/admin.sock"))
              r[#r+1] = "peer=" .. q(s:getpeername()) .. " sock=" .. q(s:getsockname())
              r[#r+1] = "send=" .. q(s:send("--show stat\\n", 3))
              r[#r+1] = "header=" .. q(s:receive("*l"))
              while true do
                local l, e = s:receive("*l")
                if not l then r[#r+1] = "end=" .. q(l, e) break end
                r[#r+1] = "row=" .. (l:match("^([^,]*,[^,]*),") or "[" .. l .. "]")
              end
              r[#r+1] = "closed send=" .. q(s:send("x")) .. " close=" .. select("#", s:close())
              local m = core.tcp()
              m:settimeout(2)
              r[#r+1] = "missing=" .. q(m:connect("unix@" .. dir .. "/missing.sock"))
              local t = core.tcp()
              t:settimeout(0.3)
              r[#r+1] = "tc=" .. q(t:connect("unix@" .. dir .. "/silent.sock"))
              r[#r+1] = "tl=" .. q(t:receive("*l")) .. " tsend=" .. q(t:send("x"))
              local u = core.tcp()
              u:settimeout(0.3)
              u:connect("unix@" .. dir .. "/silent.sock")
              r[#r+1] = "ta=" .. q(u:receive("*a", "P:")) .. " ta2=" .. q(u:receive("*a"))
              reply(applet, table.concat(r, "\\n") .. "\\n")
            end)
            core.register_service("unix_wait", "http", function(applet)
              local t = core.tcp()
              t:settimeout(3)
              t:connect("unix@" .. applet.qs .. "/silent.sock")
              reply(applet, "wait=" .. q(t:receive("*l")) .. "\\n")
            end)
            core.register_service("unix_hc", "http", function(applet)
              local r = core.httpclient():get{url = "http://x/hello", dst = "unix@" .. applet.qs, timeout = 2000}
              reply(applet, "status=" .. tostring(r.status) .. " body=" .. tostring(r.body) .. "\\n")
            end)
            core.register_service("ping", "http", function(applet)
              reply(applet, "pong\\n")
            end)
            core.register_service("unix_big", "http", function(applet)
              local b = core.tcp()
              b:settimeout(5)
              b:connect("unix@" .. applet.qs .. "/big.sock")
              local first = b:receive("*l")
              local all = b:receive("*a")
              reply(applet, "big=" .. first .. " " .. #all .. " " .. all:sub(-12, -2) .. "\\n")
            end)
            """;

    /** Bytes the "big" server sends: far above StreamInput.HIGH_WATER, so reading pauses and resumes. */
    private static final int BIG = 300_000;

    @TempDir
    Path luxyDir;

    @TempDir
    Path haproxyDir;

    private final List<AutoCloseable> peers = new CopyOnWriteArrayList<>();
    private final AtomicInteger silentAccepted = new AtomicInteger();

    @AfterEach
    void stopPeers() throws Exception {
        for (AutoCloseable c : peers) {
            c.close();
        }
    }

    private String cfg(Path dir, Path lua, int port) {
        return """
                global
                    stats socket %s/admin.sock mode 600 level admin
                    lua-load %s
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.unix_stat if { path /stat }
                    http-request use-service lua.unix_big if { path /big }
                    http-request use-service lua.unix_wait if { path /wait }
                    http-request use-service lua.ping if { path /ping }
                    http-request use-service lua.unix_hc if { path /hc }
                    http-request use-service lua.unix_rules
                backend be_app
                    server s1 127.0.0.1:1
                """.formatted(dir, lua, port);
    }

    private Path script() throws IOException {
        Path lua = luxyDir.resolve("unix.lua");
        Files.writeString(lua, SCRIPT);
        return lua;
    }

    @Test
    void showStatThroughCoreTcp_isTheRuntimeApiCsv() throws Exception {
        int port = freePort();
        startProxy(cfg(luxyDir, script(), port));
        String viaLua = RawHttp.body(RawHttp.exchange(port, "GET /stat?" + luxyDir + " HTTP/1.1\r\nHost: x\r\n"));
        String direct = unixExchange(luxyDir.resolve("admin.sock"), "show stat\n");
        String[] lua = viaLua.split("\n", -1);
        String[] api = direct.split("\n", -1);
        assertTrue(lua[0].startsWith("# pxname,svname,qcur,"), viaLua);
        assertEquals(api[0], lua[0], "header");
        assertEquals(api.length, lua.length, viaLua);
        assertTrue(viaLua.endsWith("\n\n"), "HAProxy's blank line at the end");
        String[] names = api[0].substring(2).split(",", -1);
        for (int i = 1; i < api.length; i++) {
            String[] a = api[i].split(",", -1);
            String[] l = lua[i].split(",", -1);
            assertEquals(a.length, l.length, lua[i]);
            for (int k = 0; k < a.length; k++) {
                // counters move between the two reads (the Lua service's own request); every other
                // cell, and which cells are empty, must be the same
                boolean counters = a[k].matches("\\d+") && l[k].matches("\\d+");
                assertTrue(counters || a[k].equals(l[k]), names[k] + " of " + api[i] + " vs " + lua[i]);
            }
            if (a.length > 1) {
                assertEquals(a[0] + "," + a[1] + "," + a[17], l[0] + "," + l[1] + "," + l[17], "pxname,svname,status");
            }
        }
    }

    @Test
    void linesMissingPathAndTimeout_asHaproxy() throws Exception {
        int port = freePort();
        Path lua = script();
        startProxy(cfg(luxyDir, lua, port));
        peers(luxyDir);
        String luxy = RawHttp.body(RawHttp.exchange(port, "GET /?" + luxyDir + " HTTP/1.1\r\nHost: x\r\n"));
        String expected = """
                c=1
                peer=unix sock=unix
                send=10
                header=%s
                row=fe,FRONTEND
                row=be_app,s1
                row=be_app,BACKEND
                row=[]
                end=nil,connection closed.
                closed send=1 close=0
                missing=nil,Can't connect
                tc=1
                tl=nil,connection closed. tsend=-1
                ta=P:par ta2=nil,connection closed.
                """.formatted(unixExchange(luxyDir.resolve("admin.sock"), "show stat\n").split("\n")[0]);
        String ref = expected;
        if (HaproxyRunner.installed()) {
            int hport = freePort();
            peers(haproxyDir);
            try (HaproxyRunner h = HaproxyRunner.start(cfg(haproxyDir, lua, hport), hport)) {
                ref = RawHttp.body(RawHttp.exchange(hport, "GET /?" + haproxyDir + " HTTP/1.1\r\nHost: x\r\n"));
            }
        }
        assertEquals(expected, ref, "HAProxy 2.6 on the same script");
        assertEquals(expected, luxy, "Luxy");
    }

    /**
     * "*a" over a large answer: reading goes on past StreamInput.HIGH_WATER (the reader resumes a
     * paused source). HAProxy 2.6.12 is not compared here: it did not answer within 15 s.
     */
    @Test
    void bigAnswer_readToTheClose() throws Exception {
        int port = freePort();
        startProxy(cfg(luxyDir, script(), port));
        peers(luxyDir);
        String r = RawHttp.body(RawHttp.exchange(port, "GET /big?" + luxyDir + " HTTP/1.1\r\nHost: x\r\n"));
        assertEquals("big=line-one " + (BIG - "line-one\n".length()) + " 0123456789.\n", r);
    }

    /**
     * While one invocation waits on a unix socket, the shared {@code lua-load} state's lock is
     * released: another request served by the same state answers before the wait ends.
     */
    @Test
    void waitingOnUnixSocket_releasesTheStateLock() throws Exception {
        int port = freePort();
        startProxy(cfg(luxyDir, script(), port));
        peers(luxyDir);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.body(RawHttp.exchange(port, "GET /wait?" + luxyDir + " HTTP/1.1\r\nHost: x\r\n"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Await.until(() -> silentAccepted.get() == 1);
        assertEquals("pong\n", RawHttp.body(RawHttp.exchange(port, "GET /ping HTTP/1.1\r\nHost: x\r\n")));
        assertFalse(waiting.isDone(), "the unix receive is still waiting");
        assertEquals("wait=nil,connection closed.\n", waiting.get(10, TimeUnit.SECONDS));
    }

    /**
     * {@code core.httpclient()} with {@code dst = "unix@…"}: HAProxy 2.6 answers 200 from the
     * unix server; Luxy answers as for a failed connection (503 and HAProxy's error page), a
     * documented difference (no unix sockets in Vert.x without Netty's native transport).
     */
    @Test
    void httpClientToUnixDst_isAFailedConnection() throws Exception {
        int port = freePort();
        startProxy(cfg(luxyDir, script(), port));
        serve(luxyDir.resolve("web.sock"), c -> {
            c.read(ByteBuffer.allocate(4096));
            c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII)));
        }, true);
        String r = RawHttp.body(RawHttp.exchange(port, "GET /hc?" + luxyDir.resolve("web.sock") + " HTTP/1.1\r\nHost: x\r\n"));
        assertEquals("status=503 body=<html><body><h1>503 Service Unavailable</h1>\n"
                + "No server is available to handle this request.\n</body></html>\n\n", r);
    }

    /** Starts the script's unix peers in {@code dir}: a silent one (sends "par", then nothing) and a big one. */
    private void peers(Path dir) throws IOException {
        serve(dir.resolve("silent.sock"), c -> {
            c.write(ByteBuffer.wrap("par".getBytes(StandardCharsets.US_ASCII)));
            silentAccepted.incrementAndGet();
        }, false);
        StringBuilder big = new StringBuilder("line-one\n");
        while (big.length() < BIG - 11) {
            big.append("0123456789\n");
        }
        big.setLength(BIG - 12);
        big.append("0123456789.");
        big.append('\n');
        byte[] bytes = big.toString().getBytes(StandardCharsets.US_ASCII);
        serve(dir.resolve("big.sock"), c -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b);
            }
        }, true);
    }

    private interface Answer {
        void on(SocketChannel c) throws IOException;
    }

    /** A unix server at {@code path} that answers every connection, then closes it or keeps it open. */
    private void serve(Path path, Answer answer, boolean close) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        List<SocketChannel> open = new ArrayList<>();
        peers.add(() -> {
            server.close();
            synchronized (open) {
                for (SocketChannel c : open) {
                    c.close();
                }
            }
        });
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    SocketChannel c = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try {
                            answer.on(c);
                            if (close) {
                                c.close();
                            } else {
                                synchronized (open) {
                                    open.add(c);
                                }
                            }
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                }
            } catch (IOException e) {
                // server closed at the end of the test
            }
        });
    }
}

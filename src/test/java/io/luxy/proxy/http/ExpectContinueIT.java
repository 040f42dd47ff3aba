package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;

/**
 * {@code Expect: 100-continue} as HAProxy 2.6 handles it, compared byte for byte with the real
 * HAProxy on the same cfg when it is installed: a client sends the head of a POST with
 * {@code Expect: 100-continue} and waits before sending its 5-byte body. Without {@code option
 * http-buffer-request} the head goes to the server at once, Expect included, and the server's
 * {@code 100 Continue} or final answer is relayed (a server that sends neither leaves the client
 * waiting, as with HAProxy); with it, or for a Lua service, the proxy answers {@code 100 Continue}
 * itself and the server gets the request without Expect; a {@code deny} or {@code return} answers
 * at once with {@code connection: close}.
 */
class ExpectContinueIT extends LuxyTestBase {

    private static final String HEAD = "POST %s HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
    private static final String CFG = """
            global
                lua-load @LUA@/expect-test.lua
            defaults
                mode http
                timeout connect 5s
                timeout client 10s
                timeout server 10s
            frontend streamed
                bind 127.0.0.1:%d
                default_backend be
            frontend buffered
                bind 127.0.0.1:%d
                option http-buffer-request
                default_backend be
            frontend denied
                bind 127.0.0.1:%d
                http-request deny if { path /deny }
                http-request return status 200 content-type text/plain string hi
            frontend lua
                bind 127.0.0.1:%d
                http-request use-service lua.echo
            backend be
                server s1 127.0.0.1:%d
            """;
    private static final String LUA = """
            core.register_service("echo", "http", function(applet)
              local r = "got " .. tostring(applet:receive()) .. "\\n"
              applet:set_status(200)
              applet:add_header("content-length", tostring(#r))
              applet:start_response()
              applet:send(r)
            end)
            """;

    /** What the backend saw of each request: path, whether Expect reached it, the body. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /**
     * The backend: {@code /plain} waits for the body without sending 100 Continue, {@code
     * /continue} sends it first, {@code /final} answers 417 at once without reading the body.
     */
    private HttpServer backend() throws Exception {
        return vertx().createHttpServer().requestHandler(req -> {
            String expect = req.getHeader("expect") == null ? "no-expect" : "expect";
            switch (req.path()) {
                case "/final" -> {
                    seen.add(req.path() + " " + expect);
                    req.response().setStatusCode(417).end("nope\n");
                }
                default -> {
                    if (req.path().equals("/continue")) {
                        req.response().writeContinue();
                    }
                    req.body().onSuccess(b -> {
                        seen.add(req.path() + " " + expect + " " + b);
                        req.response().end("ok\n");
                    });
                }
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void expectContinue_likeHaproxy() throws Exception {
        java.nio.file.Path lua = luaDir();
        int be = backend().actualPort();
        List<String> luxy = run(lua, be);
        List<String> luxySeen = List.copyOf(seen);
        // what HAProxy 2.6.12 does (checked with a raw client, see the class comment); the rows are
        // "frontend path | before the body | after the body"
        assertEquals(List.of(
                "streamed /plain | [nothing] | HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n",
                "streamed /continue | HTTP/1.1 100 Continue\r\n\r\n | HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n",
                "streamed /final | HTTP/1.1 417 Expectation Failed\r\ncontent-length: 5\r\n\r\nnope\n | [nothing]",
                "buffered /plain | HTTP/1.1 100 Continue\r\n\r\n | HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n",
                // the server's own 100 Continue is relayed too, although the proxy took the Expect off
                "buffered /continue | HTTP/1.1 100 Continue\r\n\r\n | HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n",
                "buffered /final | HTTP/1.1 100 Continue\r\n\r\n | HTTP/1.1 417 Expectation Failed\r\ncontent-length: 5\r\n\r\nnope\n",
                "denied /deny | HTTP/1.1 403 Forbidden\r\ncontent-length: 93\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n"
                        + "connection: close\r\n\r\n<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n"
                        + "</body></html>\n[EOF] | ",
                "denied /return | HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nhi[EOF] | ",
                "lua /echo | HTTP/1.1 100 Continue\r\n\r\n | HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\ngot hello\n"), luxy);
        assertEquals(List.of("/plain expect hello", "/continue expect hello", "/final expect",
                "/plain no-expect hello", "/continue no-expect hello", "/final no-expect"), luxySeen);
        if (HaproxyRunner.installed()) {
            seen.clear();
            int[] ports = {freePort(), freePort(), freePort(), freePort()};
            String cfg = CFG.replace("@LUA@", lua.toString()).formatted(ports[0], ports[1], ports[2], ports[3], be);
            try (HaproxyRunner h = HaproxyRunner.start(cfg, ports[3])) {
                assertEquals(traffic(ports), luxy, "HAProxy's answers");
            }
            assertEquals(luxySeen, List.copyOf(seen), "what the server saw through HAProxy");
        }
    }

    @Test
    void withoutExpect_theBodyIsForwardedAsBefore() throws Exception {
        java.nio.file.Path lua = luaDir();
        int[] ports = {freePort(), freePort(), freePort(), freePort()};
        startProxy(CFG.replace("@LUA@", lua.toString()).formatted(ports[0], ports[1], ports[2], ports[3], backend().actualPort()));
        String r = Peers.raw(ports[0], "POST /plain HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
        assertFalse(r.contains("100 Continue"), r);
        assertEquals(List.of("/plain no-expect hello"), seen);
    }

    /** A temporary folder holding the test's Lua service (expect-test.lua). */
    private static java.nio.file.Path luaDir() throws IOException {
        java.nio.file.Path lua = java.nio.file.Files.createTempDirectory("expect-lua");
        java.nio.file.Files.writeString(lua.resolve("expect-test.lua"), LUA);
        lua.toFile().deleteOnExit();
        lua.resolve("expect-test.lua").toFile().deleteOnExit();
        return lua;
    }

    private List<String> run(java.nio.file.Path lua, int be) throws Exception {
        int[] ports = {freePort(), freePort(), freePort(), freePort()};
        startProxy(CFG.replace("@LUA@", lua.toString()).formatted(ports[0], ports[1], ports[2], ports[3], be));
        return traffic(ports);
    }

    private static List<String> traffic(int[] ports) throws IOException {
        List<String> out = new ArrayList<>();
        // only a streamed request to /plain gets nothing before its body: the one wait for silence
        for (String path : List.of("/plain", "/continue", "/final")) {
            out.add("streamed " + path + " | " + exchange(ports[0], path, path.equals("/plain") ? 500 : 5000));
        }
        for (String path : List.of("/plain", "/continue", "/final")) {
            out.add("buffered " + path + " | " + exchange(ports[1], path, 5000));
        }
        out.add("denied /deny | " + exchange(ports[2], "/deny", 5000));
        out.add("denied /return | " + exchange(ports[2], "/return", 5000));
        out.add("lua /echo | " + exchange(ports[3], "/echo", 5000));
        return out;
    }

    /**
     * Sends the head, reads until a complete message (a 1xx, or a final response with its body)
     * or {@code waitMs} without one, then sends the body (unless the connection was closed) and
     * reads until a final response is complete (5 s at most): "before | after", "[nothing]" for
     * silence, "[EOF]" where the proxy closed.
     */
    private static String exchange(int port, String path, int waitMs) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(HEAD.formatted(path).getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream before = new ByteArrayOutputStream();
            boolean eof = read(s, in, before, false, waitMs);
            String b = before.size() == 0 ? "[nothing]" : before.toString(StandardCharsets.ISO_8859_1);
            if (eof) {
                return b + "[EOF] | ";
            }
            s.getOutputStream().write("hello".getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream after = new ByteArrayOutputStream();
            if (!complete(before.toString(StandardCharsets.ISO_8859_1), true)) {
                eof = read(s, in, after, true, 5000);
            }
            String a = after.size() == 0 ? "[nothing]" : after.toString(StandardCharsets.ISO_8859_1);
            return b + " | " + a + (eof ? "[EOF]" : "");
        }
    }

    /** Reads into {@code out} until a complete message ({@code finalOnly}: a final response) or {@code waitMs} of silence; true on EOF. */
    private static boolean read(Socket s, InputStream in, ByteArrayOutputStream out, boolean finalOnly, int waitMs) throws IOException {
        s.setSoTimeout(waitMs);
        byte[] buf = new byte[4096];
        while (!complete(out.toString(StandardCharsets.ISO_8859_1), finalOnly)) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (n < 0) {
                return true;
            }
            out.write(buf, 0, n);
        }
        if (out.toString(StandardCharsets.ISO_8859_1).contains("connection: close")) {
            s.setSoTimeout(5000); // the proxy closes after this answer
            return in.read(buf) < 0;
        }
        return false;
    }

    /** True when {@code text} holds a complete message: a 1xx head (unless {@code finalOnly}) or a final response with its body. */
    private static boolean complete(String text, boolean finalOnly) {
        int at = 0;
        while (true) {
            int end = text.indexOf("\r\n\r\n", at);
            if (end < 0) {
                return false;
            }
            String head = text.substring(at, end);
            boolean informational = head.startsWith("HTTP/1.1 1");
            if (informational) {
                if (!finalOnly) {
                    return true;
                }
                at = end + 4;
                continue;
            }
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return text.length() >= end + 4 + length;
        }
    }
}

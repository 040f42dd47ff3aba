package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.LuxyTestBase;

/**
 * The response path over the answers of Lua HTTP services ({@code http-request use-service
 * lua.X}), as HAProxy 2.6.12 runs it (checked with {@code haproxy -d} and curl): the frontend's
 * {@code http-response} rules (set-header, set-status, del-header, deny, Lua actions) and, when the
 * service was chosen in a backend, the backend's first; then {@code http-after-response}; a
 * service's 500 after a Lua error goes through them too; streamed answers get their headers
 * changed before they are written. Answers HAProxy builds itself ({@code return}, {@code deny},
 * redirects) see only {@code http-after-response}. {@code capture response header} and the
 * {@code option httplog} line (status after {@code set-status}, {@code LR} state) cover applet
 * answers as well. The same cfg runs through real HAProxy 2.6 and the answers are compared.
 */
class AppletResponseRulesIT extends LuxyTestBase {

    private static final String LUA = """
            core.register_service("hello", "http", function(applet)
              local body = "hello\\n"
              applet:add_header("content-length", tostring(#body))
              applet:add_header("x-svc", "1")
              applet:start_response()
              applet:send(body)
            end)
            core.register_service("big", "http", function(applet)
              applet:add_header("x-svc", "big")
              applet:start_response()
              for i = 1, 10 do
                applet:send(string.rep(string.char(96 + i), 8192))
                core.yield()
              end
            end)
            core.register_service("boom", "http", function(applet)
              error("boom")
            end)
            core.register_action("resact", {"http-res"}, function(txn)
              txn.http:res_set_header("x-lua-res", "st=" .. tostring(txn.f:status()))
            end)
            """;

    private static final String CFG = """
            global
                lua-load %s
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend fe
                bind 127.0.0.1:%d
                log 127.0.0.1:%d format raw local0
                option httplog
                capture response header x-svc len 10
                http-request set-var(txn.p) path
                http-request use-service lua.hello if { path /hello } || { path /status } || { path /deny } || { path /del }
                http-request use-service lua.big if { path /big }
                http-request use-service lua.boom if { path /boom }
                http-request return status 200 content-type text/plain string "ret\\n" if { path /ret }
                http-request deny if { path /reqdeny }
                http-request redirect location /x if { path /redir }
                http-response set-header X-Test 1
                http-response set-status 201 if { var(txn.p) -m str /status }
                http-response set-status 299 reason "Very OK" if { var(txn.p) -m str /big }
                http-response del-header x-svc if { var(txn.p) -m str /del }
                http-response deny if { var(txn.p) -m str /deny }
                http-response lua.resact
                http-after-response set-header X-After %%[status]
                default_backend be
            backend be
                http-request use-service lua.hello
                http-response set-header X-Be 1
                server s1 127.0.0.1:%d
            """;

    private static final List<String> PATHS = List.of("/hello", "/status", "/del", "/deny", "/big", "/boom", "/ret", "/reqdeny",
            "/redir", "/be");

    @Test
    void responseRules_runOnLuaServiceAnswers() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            int fe = freePort();
            startProxy(cfg(fe, udp.getLocalPort()));
            Map<String, String> a = new LinkedHashMap<>();
            Map<String, String> logs = new HashMap<>();
            for (String p : PATHS) {
                a.put(p, answer(fe, p));
                String line = receive(udp);
                logs.put(p, line);
            }
            assertEquals("HTTP/1.1 200 OK\ncontent-length:6\nx-after:200\nx-lua-res:st=200\nx-svc:1\nx-test:1\n\nhello\n", a.get("/hello"));
            assertTrue(a.get("/status").startsWith("HTTP/1.1 201 Created\n") && a.get("/status").contains("x-lua-res:st=201"),
                    a.get("/status"));
            assertTrue(!a.get("/del").contains("x-svc") && a.get("/del").contains("x-test:1"), a.get("/del"));
            assertEquals("HTTP/1.1 502 Bad Gateway\ncache-control:no-cache\ncontent-length:107\ncontent-type:text/html\nx-after:502\n\n"
                    + ErrorPages.body(502), a.get("/deny"));
            String big = a.get("/big");
            assertTrue(big.startsWith("HTTP/1.1 299 Very OK\n") && big.contains("\nx-test:1\n") && big.contains("\ntransfer-encoding:chunked\n")
                    && big.endsWith("j".repeat(8192)) && big.length() > 81920, big.substring(0, 200));
            assertTrue(a.get("/boom").startsWith("HTTP/1.1 500 Internal Server Error\n") && a.get("/boom").contains("\nx-test:1\n")
                    && a.get("/boom").contains("\nx-after:500\n"), a.get("/boom"));
            for (String p : List.of("/ret", "/reqdeny", "/redir")) {
                assertTrue(!a.get(p).contains("x-test") && a.get(p).contains("x-after:"), p + ": " + a.get(p));
            }
            assertTrue(a.get("/be").contains("\nx-be:1\n") && a.get("/be").contains("\nx-test:1\n"), a.get("/be"));
            assertTrue(logs.get("/hello").matches(".* fe fe/<lua\\.hello> \\d+/0/0/\\d+/\\d+ 200 \\d+ - - LR-- .* \\{1\\} \"GET /hello HTTP/1\\.1\"\n"),
                    logs.get("/hello"));
            assertTrue(logs.get("/status").contains(" 201 "), logs.get("/status"));
            assertTrue(logs.get("/be").contains(" fe be/<lua.hello> "), logs.get("/be"));
            assertTrue(logs.get("/boom").contains(" 500 "), logs.get("/boom"));
        }
    }

    @Test
    void sameAnswersAsRealHaproxy() throws Exception {
        assumeTrue(HaproxyRunner.installed(), "HAProxy 2.6 is not installed");
        int hp = freePort();
        Map<String, String> reference = new LinkedHashMap<>();
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                HaproxyRunner h = HaproxyRunner.start(cfg(hp, udp.getLocalPort()), hp)) {
            for (String p : PATHS) {
                reference.put(p, answer(hp, p));
            }
        }
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int fe = freePort();
            startProxy(cfg(fe, udp.getLocalPort()));
            for (String p : PATHS) {
                assertEquals(reference.get(p), answer(fe, p), p);
            }
        }
    }

    private static String cfg(int port, int logPort) throws IOException {
        Path dir = Files.createTempDirectory("applet-resp");
        Path lua = dir.resolve("svc.lua");
        Files.writeString(lua, LUA);
        return CFG.formatted(lua, port, logPort, freePort());
    }

    private static String receive(DatagramSocket udp) throws IOException {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
    }

    /** Status line, sorted headers (lower-case names; date and connection dropped) and de-chunked body of GET path. */
    private static String answer(int port, String path) throws IOException {
        String r = Peers.get(port, path);
        int end = r.indexOf("\r\n\r\n");
        String[] lines = r.substring(0, end).split("\r\n");
        List<String> hs = new ArrayList<>();
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            String name = lines[i].substring(0, c).toLowerCase(Locale.ROOT);
            String value = lines[i].substring(c + 1).trim();
            chunked |= name.equals("transfer-encoding") && value.equals("chunked");
            if (!name.equals("date") && !name.equals("connection")) {
                hs.add(name + ":" + value);
            }
        }
        hs.sort(null);
        String body = r.substring(end + 4);
        return lines[0] + "\n" + String.join("\n", hs) + "\n\n" + (chunked ? dechunk(body) : body);
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            int n = Integer.parseInt(s.substring(i, eol).trim(), 16);
            if (n == 0) {
                break;
            }
            out.append(s, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
        return out.toString();
    }
}

package io.luxy.lua.applet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.luxy.lua.http.HaproxyRunner;
import io.luxy.lua.http.RawHttp;
import io.luxy.support.LuxyTestBase;

/**
 * AppletTCP and AppletHTTP against the HAProxy 2.6 doc, compared with HAProxy when installed:
 * getline with its terminator, receive(n), variables with scopes and {@code ifexist}, the applet's
 * own private value; the HTTP applet's fields (method, version, path, qs, length, zero-indexed
 * lower-case headers), body reads by line and size, set_status with a reason, add_header sent
 * lower-case, chunked framing when no content-length.
 */
class LuaAppletIT extends LuxyTestBase {

    static final String SCRIPT = """
            core.register_service("tcpsvc", "tcp", function(applet)
              local r = {}
              r[#r+1] = "line=" .. applet:getline():gsub("\\r", "CR"):gsub("\\n", "LF")
              r[#r+1] = "n=" .. applet:receive(3)
              r[#r+1] = "setvar=" .. tostring(applet:set_var("txn.a", "x")) .. tostring(applet:set_var("bad.a", "x"))
                .. tostring(applet:set_var("proc.nope", 1, true))
              r[#r+1] = "getvar=" .. tostring(applet:get_var("txn.a")) .. tostring(applet:get_var("proc.nope"))
              r[#r+1] = "unset=" .. tostring(applet:unset_var("txn.a")) .. tostring(applet:get_var("txn.a"))
              r[#r+1] = "priv=" .. tostring(applet:get_priv())
              applet:set_priv({k = 5})
              r[#r+1] = "priv2=" .. type(applet:get_priv())
              applet:send(table.concat(r, " ") .. "\\n")
            end)
            core.register_service("httpsvc", "http", function(applet)
              local r = {}
              r[#r+1] = "m=" .. applet.method .. " v=" .. applet.version .. " p=" .. applet.path .. " qs=" .. applet.qs
                .. " len=" .. applet.length .. " " .. math.type(applet.length)
              local h = applet.headers
              r[#r+1] = "h=" .. h["x-dup"][0] .. "|" .. h["x-dup"][1] .. " #=" .. #h["x-dup"] .. " mixed=" .. tostring(h["X-Dup"])
                .. " host=" .. h["host"][0]
              r[#r+1] = "gl=" .. applet:getline():gsub("\\n", "LF")
              r[#r+1] = "rc=" .. applet:receive(4)
              r[#r+1] = "rest=" .. applet:receive()
              r[#r+1] = "end=[" .. applet:receive() .. "]"
              r[#r+1] = "st=" .. tostring(applet:set_status(700)) .. tostring(applet:set_status(201, "Custom Reason"))
              applet:add_header("X-Mixed-Case", "v")
              applet:add_header("X-Num", 42)
              applet:start_response()
              applet:send(table.concat(r, "\\n") .. "\\n")
            end)
            """;

    static final String CFG = """
            global
                lua-load %s
            defaults
                timeout connect 5s
                timeout client 10s
                timeout server 10s
            frontend ft
                mode tcp
                bind 127.0.0.1:%d
                tcp-request content use-service lua.tcpsvc
            frontend fh
                mode http
                bind 127.0.0.1:%d
                http-request use-service lua.httpsvc
            """;

    private static final String HTTP_REQ = "POST /info/p%20x?a=1&b HTTP/1.1\r\nHost: h\r\nX-Dup: 1, 2\r\nX-Dup: 3\r\nContent-Length: 19\r\n"
            + "Content-Type: text/plain\r\n";
    private static final String HTTP_BODY = "first\nabcdrest-of-it";

    /** TCP: sends the client bytes (no half-close) and reads until the service closes. */
    private static String tcp(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("hello\r\nabcdef".getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void applets_behaveAsHaproxy() throws Exception {
        Path lua = Files.createTempDirectory("lua-applet").resolve("applet.lua");
        Files.writeString(lua, SCRIPT);
        int tp = freePort();
        int hp = freePort();
        startProxy(CFG.formatted(lua, tp, hp));
        String tcp = tcp(tp);
        assertEquals("line=helloCRLF n=abc setvar=truefalsefalse getvar=xnil unset=truenil priv=nil priv2=table\n", tcp);
        String http = raw(hp);
        assertTrue(http.startsWith("HTTP/1.1 201 Custom Reason\r\n"), http);
        assertTrue(http.contains("\r\nx-mixed-case: v\r\n"), http);
        assertTrue(http.contains("\r\nx-num: 42\r\n"), http);
        assertTrue(http.toLowerCase().contains("\r\ntransfer-encoding: chunked\r\n"), http);
        String body = dechunk(RawHttp.body(http));
        assertEquals("m=POST v=HTTP/1.1 p=/info/p%20x qs=a=1&b len=20 integer\nh=1, 2|3 #=1 mixed=nil host=h\ngl=firstLF\n"
                + "rc=abcd\nrest=rest-of-it\nend=[]\nst=falsetrue\n", body);
        if (HaproxyRunner.installed()) {
            int htp = freePort();
            int hhp = freePort();
            try (HaproxyRunner h = HaproxyRunner.start(CFG.formatted(lua, htp, hhp), htp)) {
                // HAProxy 2.6.12's AppletTCP:get_priv() returns nil after set_priv(); Luxy follows the doc.
                assertEquals(tcp(htp).replace("priv2=nil", "priv2=table"), tcp, h.log());
                String hh = raw(hhp);
                assertEquals(dechunk(RawHttp.body(hh)), body, h.log());
                assertEquals(hh.substring(0, hh.indexOf("\r\n")), http.substring(0, http.indexOf("\r\n")));
                assertEquals(RawHttp.header(hh, "x-num"), RawHttp.header(http, "x-num"));
            }
        }
    }

    private static String raw(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((HTTP_REQ.replace("Content-Length: 19", "Content-Length: 20") + "Connection: close\r\n\r\n" + HTTP_BODY)
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Decodes a chunked body. */
    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            int n = Integer.parseInt(s.substring(i, eol).strip(), 16);
            if (n == 0) {
                break;
            }
            out.append(s, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
        return out.toString();
    }
}

package io.luxy.lua.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;

/**
 * {@code txn.http} (HAProxy class HTTP) in http-request and http-response actions: every
 * {@code req_*} rewrite reaches a real backend that echoes what it received, every {@code res_*}
 * change reaches the client, header tables are zero-indexed with lower-case names, and misuse
 * ({@code res_*} in a request action, {@code req_*} in a response action) raises an error whose
 * value is the last argument, as HAProxy 2.6.12 does. The same config runs on HAProxy when
 * installed and the client sees the same status line, headers and echoed request.
 */
class LuaHttpIT extends LuxyTestBase {

    static final String SCRIPT = """
            local function err(f)
              local ok, e = pcall(f)
              return tostring(ok) .. ":" .. type(e) .. ":" .. (type(e) == "table" and "obj" or tostring(e))
            end
            core.register_action("hreq", {"http-req"}, function(txn)
              local h = txn.http:req_get_headers()
              local seen = "accept=" .. h["accept"][0] .. "|" .. h["accept"][1] .. " n=" .. #h["accept"]
                .. " ipairs=" .. select("#", ipairs(h["accept"])) .. " host=" .. tostring(h["Host"]) .. "/" .. type(h["host"][0])
              local r = {}
              r[#r+1] = tostring(txn.http:req_set_method("PUT"))
              r[#r+1] = select("#", txn.http:req_add_header("X-A", "1"))
              txn.http:req_set_header("X-B", "2")
              txn.http:req_del_header("X-C")
              txn.http:req_rep_header("X-D", "(a)(b)", "\\\\2\\\\1")
              txn.http:req_rep_value("X-E", "^a$", "z")
              r[#r+1] = tostring(txn.http:req_set_path("/np"))
              r[#r+1] = tostring(txn.http:req_set_query("q=1"))
              r[#r+1] = err(function() return txn.http:res_set_header("a", "b") end)
              r[#r+1] = err(function() return txn.http:res_get_headers() end)
              r[#r+1] = err(function() return txn.req:data() end)
              r[#r+1] = tostring(txn.req:is_resp()) .. "," .. tostring(txn.res:is_resp()) .. "," .. txn.req:output()
              r[#r+1] = tostring(txn.http_req) .. "," .. tostring(txn.http_res)
              txn.http:req_add_header("X-Seen", seen)
              txn.http:req_add_header("X-Req", table.concat(r, ";"))
            end)
            core.register_action("hres", {"http-res"}, function(txn)
              local h = txn.http:res_get_headers()
              local r = {}
              r[#r+1] = h["x-srv"][0] .. "+" .. h["x-srv"][1]
              r[#r+1] = err(function() return txn.http:req_add_header("X-A", "1") end)
              r[#r+1] = err(function() return txn.http:req_get_headers() end)
              r[#r+1] = err(function() return txn.http:req_set_method("PUT") end)
              r[#r+1] = select("#", txn.http:res_set_status(299, "Lua Was Here"))
              txn.http:res_add_header("X-R", "1")
              txn.http:res_add_header("X-Gone", "1")
              txn.http:res_del_header("x-gone")
              txn.http:res_set_header("X-Srv", "one")
              txn.http:res_add_header("X-V", "a, b")
              txn.http:res_rep_value("X-V", "^b$", "c")
              txn.http:res_add_header("X-L", "left")
              txn.http:res_rep_header("X-L", "^(l)eft$", "\\\\1ine")
              txn.http:res_add_header("X-Res", table.concat(r, ";"))
            end)
            """;

    static final String CFG = """
            global
                lua-load %s
            defaults
                mode http
                timeout connect 5s
                timeout client 10s
                timeout server 10s
            frontend fe
                bind 127.0.0.1:%d
                http-request lua.hreq
                http-response lua.hres
                default_backend be
            backend be
                server s1 127.0.0.1:%d
            """;

    /** A backend answering with what it received: request line, then the x-* headers in order. */
    private int echoBackend() throws Exception {
        int port = freePort();
        vertx().createHttpServer().requestHandler(req -> {
            StringBuilder sb = new StringBuilder(req.method().name()).append(' ').append(req.uri()).append('\n');
            for (Map.Entry<String, String> h : req.headers()) {
                String k = h.getKey().toLowerCase(Locale.ROOT);
                if (k.startsWith("x-")) {
                    sb.append(k).append(": ").append(h.getValue()).append('\n');
                }
            }
            req.response().putHeader("X-Srv", (Iterable<String>) List.of("a", "b")).end(sb.toString());
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return port;
    }

    private static final String REQUEST = "GET /p?x=1 HTTP/1.1\r\nHost: h\r\nAccept: a/b\r\nAccept: c/d\r\nX-C: gone\r\nX-D: ab\r\nX-E: a, b\r\n";

    /** What the client sees that the test compares: status line, our headers, the echoed request. */
    private static List<String> observed(String raw) {
        List<String> out = new ArrayList<>();
        out.add(raw.substring(0, raw.indexOf("\r\n")));
        for (String h : List.of("x-srv", "x-r", "x-gone", "x-v", "x-l", "x-res")) {
            out.add(h + "=" + RawHttp.header(raw, h));
        }
        out.add(RawHttp.body(raw));
        return out;
    }

    @Test
    void httpClass_rewritesReachServerAndClient_asHaproxy() throws Exception {
        Path lua = Files.createTempDirectory("lua-http").resolve("http.lua");
        Files.writeString(lua, SCRIPT);
        int backend = echoBackend();
        int port = freePort();
        String cfg = CFG.formatted(lua, port, backend);
        startProxy(cfg);
        List<String> luxy = observed(RawHttp.exchange(port, REQUEST));

        assertEquals("HTTP/1.1 299 Lua Was Here", luxy.get(0));
        assertEquals("x-srv=one", luxy.get(1));
        assertEquals("x-r=1", luxy.get(2));
        assertEquals("x-gone=null", luxy.get(3));
        assertEquals("x-v=a,c", luxy.get(4)); // HAProxy drops the blank before a replaced value
        assertEquals("x-l=line", luxy.get(5));
        assertEquals("x-res=a+b;false:string:1;false:table:obj;false:string:PUT;0", luxy.get(6));
        String body = luxy.get(7);
        assertTrue(body.startsWith("PUT /np?q=1\n"), body);
        assertTrue(body.contains("x-d: ba\nx-e: z, b\nx-a: 1\nx-b: 2\n"), body);
        assertTrue(!body.contains("x-c:"), body);
        assertTrue(body.contains("x-seen: accept=a/b|c/d n=1 ipairs=3 host=nil/string\n"), body);
        assertTrue(body.contains("x-req: true;0;true;true;false:string:b;false:table:obj;"
                + "false:string:Cannot manipulate HAProxy channels in HTTP mode.;false,true,0;nil,nil\n"), body);

        if (HaproxyRunner.installed()) {
            int hport = freePort();
            try (HaproxyRunner h = HaproxyRunner.start(CFG.formatted(lua, hport, backend), hport)) {
                assertEquals(observed(RawHttp.exchange(hport, REQUEST)), luxy);
            }
        }
    }
}

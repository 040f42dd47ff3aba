package io.luxy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * The truth test: the same haproxy.cfg and Lua scripts served by real HAProxy 2.6 (Debian) and by
 * Luxy give the same status, headers and bodies. Skipped when haproxy is not installed.
 */
class HaproxyParityIT extends LuxyTestBase {

    private static final String CFG = """
            global
                lua-load @LUA@/hello_world.lua
                lua-load @LUA@/first_steps.lua
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend http_test
                bind 127.0.0.1:%d
                http-request use-service lua.hello_world_http if { path_beg /hello }
                http-request deny if { path_beg /private }
                http-request return status 202 content-type text/plain lf-string "v=%%[req.hdr(x-v),lower]" if { path /ret }
                http-request set-header X-Tag %%[req.hdr(user-agent),lua.tag(ua)]
                http-request use-service lua.first_steps
            frontend tcp_test
                bind 127.0.0.1:%d
                mode tcp
                tcp-request inspect-delay 1s
                tcp-request content use-service lua.hello_world_tcp
            """;

    private record Answer(int status, String contentType, String contentLength, String body) {
    }

    private static Answer get(int port, String path) throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("User-Agent", "parity").header("X-V", "ABC").timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body().replaceAll("hash=\\d+", "hash=N").replaceAll("ticks=(true|false)", "ticks=?");
        return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""),
                r.headers().firstValue("content-length").orElse(""), body);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void sameConfig_sameAnswers() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "HAProxy 2.6 is not installed");
        int hHttp = freePort();
        int hTcp = freePort();
        Path cfg = Files.createTempFile("parity", ".cfg");
        Files.writeString(cfg, CFG.formatted(hHttp, hTcp).replace("@LUA@", LUA.toString()));
        Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Await.until(() -> listening(hHttp) && listening(hTcp));
            int lHttp = freePort();
            int lTcp = freePort();
            startProxy(CFG.formatted(lHttp, lTcp));
            for (String path : List.of("/hello/world?x=1", "/private/x", "/ret", "/steps")) {
                assertEquals(get(hHttp, path), get(lHttp, path), path);
            }
            assertEquals(tcpExchange(hTcp, null), tcpExchange(lTcp, null));
        } finally {
            haproxy.destroy();
            haproxy.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

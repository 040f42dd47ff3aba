package io.luxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.luxy.proxy.tls.TestCerts;

/** Reloads that change a bind: certificates, server options, mode of another port; the socket of a kept bind stays. */
class BindChangeReloadIT extends SwitchTestBase {

    @Test
    void certificateFileRewritten_newConnectionsGetTheNewCertificate() throws Exception {
        int port = freePort();
        Path crt = tmp.resolve("site.pem");
        Files.copy(TestCerts.combined(tmp, "a.pem", "a.test", "a.test"), crt);
        Path cfg = Files.writeString(tmp.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout client 5s
                frontend fe
                    bind 127.0.0.1:%d ssl crt %s
                    http-request return status 200 content-type text/plain string ok
                """.formatted(port, crt));
        start(cfg);
        assertEquals("a.test", TestCerts.presentedCn(port, null));

        Files.copy(TestCerts.combined(tmp, "b.pem", "b.test", "b.test"), crt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("success", generations.reload().lastReload());
        assertEquals("b.test", TestCerts.presentedCn(port, null));
    }

    @Test
    void serverOptionsChanged_underLoad_noFailedRequest_andTheNewOptionsApply() throws Exception {
        int port = freePort();
        Path lua = tmp.resolve("answer.lua");
        Files.writeString(lua, ConfigMapReloadIT.script("r0"));
        Path cfg = tmp.resolve("haproxy.cfg");
        String base = ConfigMapReloadIT.cfg(tmp, port);
        Files.writeString(cfg, base);
        start(cfg);
        try (HttpLoad load = new HttpLoad(port, 3)) {
            Await.until(() -> load.ok.get() > 50);
            for (int i = 1; i <= 10; i++) {
                // tune.bufsize and timeout client are fixed when a server is created: new servers each time
                Files.writeString(lua, ConfigMapReloadIT.script("r" + i));
                Files.writeString(cfg, base.replace("global\n", "global\n    tune.bufsize " + (8192 + 1024 * (i % 2)) + "\n")
                        .replace("timeout client 30s", "timeout client " + (20 + i) + "s"));
                assertEquals("success", generations.reload().lastReload(), "reload " + i);
            }
            Await.until(() -> load.last().equals("r10"));
            long before = load.ok.get();
            Await.until(() -> load.ok.get() > before + 50);
            load.close();
            assertEquals(List.of(), List.copyOf(load.failures));
        }
        // bufsize 9216 - maxrewrite 1024: a request line of 9000 bytes is refused (the generation 10 options)
        String answer = tcpExchange(port, "GET /" + "x".repeat(9000) + " HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
        assertTrue(!answer.startsWith("HTTP/1.1 200"), answer.lines().findFirst().orElse(""));
        assertTrue(tcpExchange(port, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
    }

    @Test
    void bindMovedToAnotherPort_andTcpBindKept() throws Exception {
        int http1 = freePort();
        int http2 = freePort();
        int tcp = freePort();
        String tpl = """
                defaults
                    timeout client 5s
                frontend web
                    mode http
                    bind 127.0.0.1:%d
                    http-request return status 200 content-type text/plain string %s
                frontend raw
                    mode tcp
                    bind 127.0.0.1:%d
                    tcp-request content reject
                """;
        Path cfg = Files.writeString(tmp.resolve("haproxy.cfg"), tpl.formatted(http1, "one", tcp));
        start(cfg);
        assertTrue(tcpExchange(http1, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").endsWith("one"));
        Files.writeString(cfg, tpl.formatted(http2, "two", tcp));
        assertEquals("success", generations.reload().lastReload());
        assertTrue(tcpExchange(http2, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").endsWith("two"));
        Await.until(() -> refused(http1));
        assertEquals("", tcpExchange(tcp, "hello"), "tcp bind kept and still rejecting");
        assertEquals(Set.of(http2, tcp), generations.current().doors().stream().map(d -> d.key().port()).collect(java.util.stream.Collectors.toSet()));
    }

}

package io.luxy.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.luxy.config.Diagnostics;
import io.luxy.lua.http.HaproxyRunner;
import io.luxy.support.LuxyTestBase;

/**
 * {@code tcp-response content} rules in tcp backends (HAProxy doc/configuration.txt 4.2): a Lua
 * action ("tcp-res") that reads the server's first line from {@code txn.res} and sends a rewritten
 * one ahead of the rest, {@code reject}, {@code close} and a Lua {@code act.DENY}; the same cfg
 * through real HAProxy 2.6 gives the same bytes to the client, and Luxy's tcplog states are
 * HAProxy's ({@code --}, {@code PD}; bytes are those the server sent, as HAProxy counts them). The keywords are refused in a frontend as HAProxy refuses them.
 */
class TcpResponseRulesIT extends LuxyTestBase {

    private static final String LUA = """
            core.register_action("rewrite", {"tcp-res"}, function(txn)
              local d = txn.res:getline()
              txn.res:send("[" .. tostring(d):gsub("\\n", "") .. "]")
            end)
            core.register_action("deny", {"tcp-res"}, function(txn)
              return act.DENY
            end)
            core.register_service("greet", "tcp", function(applet)
              applet:send("hello\\nrest\\n")
            end)
            """;

    private static final String CFG = """
            global
                lua-load %s
            defaults
                mode tcp
                timeout connect 2s
                timeout client 5s
                timeout server 5s
            frontend f1
                bind 127.0.0.1:%d
                log 127.0.0.1:%d format raw local0
                option tcplog
                default_backend b1
            frontend f2
                bind 127.0.0.1:%d
                log 127.0.0.1:%d format raw local0
                option tcplog
                default_backend b2
            frontend f3
                bind 127.0.0.1:%d
                default_backend b3
            frontend f4
                bind 127.0.0.1:%d
                default_backend b4
            backend b1
                tcp-response inspect-delay 2s
                tcp-response content lua.rewrite
                server s 127.0.0.1:%d
            backend b2
                tcp-response content reject
                server s 127.0.0.1:%d
            backend b3
                tcp-response content close
                server s 127.0.0.1:%d
            backend b4
                tcp-response content lua.deny
                server s 127.0.0.1:%d
            frontend peer
                bind 127.0.0.1:%d
                tcp-request content use-service lua.greet
            """;

    /** The answers of f1..f4 to "x", and f1's and f2's log lines when {@code udp} is given. */
    private List<String> run(boolean luxy, DatagramSocket udp) throws Exception {
        Path lua = Files.createTempDirectory("tcp-res").resolve("r.lua");
        Files.writeString(lua, LUA);
        int[] fe = {freePort(), freePort(), freePort(), freePort()};
        int peer = freePort();
        int log = udp.getLocalPort();
        String cfg = CFG.formatted(lua, fe[0], log, fe[1], log, fe[2], fe[3], peer, peer, peer, peer, peer);
        List<String> out = new ArrayList<>();
        HaproxyRunner h = null;
        if (luxy) {
            startProxy(cfg);
        } else {
            h = HaproxyRunner.start(cfg, peer);
        }
        try {
            for (int p : fe) {
                out.add(exchange(p, "x"));
            }
        } finally {
            if (h != null) {
                h.close();
            }
        }
        return out;
    }

    @Test
    void tcpResponseRules_rewriteRejectClose() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5000);
            List<String> a = run(true, udp);
            assertEquals(List.of("[hello]rest\n", "", "", ""), a);
            List<String> lines = List.of(receive(udp), receive(udp));
            String f1 = lines.stream().filter(l -> l.contains(" f1 ")).findFirst().orElseThrow();
            String f2 = lines.stream().filter(l -> l.contains(" f2 ")).findFirst().orElseThrow();
            assertTrue(f1.matches(".* f1 b1/s \\d+/\\d+/\\d+ 11 -- .*\n"), f1);
            assertTrue(f2.matches(".* f2 b2/s \\d+/\\d+/\\d+ 0 PD .*\n"), f2);
        }
    }

    @Test
    void sameBytesAsRealHaproxy() throws Exception {
        assumeTrue(HaproxyRunner.installed(), "HAProxy 2.6 is not installed");
        List<String> reference;
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            reference = run(false, udp);
        }
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertEquals(reference, run(true, udp));
        }
    }

    @Test
    void tcpResponse_refusedInAFrontend() throws Exception {
        Diagnostics d = build("""
                frontend f
                    mode tcp
                    bind 127.0.0.1:%d
                    tcp-response content reject
                    default_backend b
                backend b
                    mode tcp
                    tcp-response content foo
                    server s 127.0.0.1:%d
                """.formatted(freePort(), freePort())).diagnostics();
        String all = d.all().toString();
        assertTrue(all.contains("tcp-response content is only allowed in 'backend' sections or 'defaults' section with a name"), all);
        assertTrue(all.contains("'tcp-response content' expects 'accept', 'close', 'reject', 'lua.*' in backend 'b' (got 'foo')."), all);
    }

    private static String receive(DatagramSocket udp) throws IOException {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
    }

    /** Sends {@code send} and reads until the proxy closes (at most 5 s). */
    private static String exchange(int port, String send) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(send.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                out.write("[no close]".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // reset by the peer: what arrived is the answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}

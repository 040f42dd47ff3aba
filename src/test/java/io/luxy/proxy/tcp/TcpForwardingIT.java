package io.luxy.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.luxy.support.EchoServer;
import io.luxy.support.LuxyTestBase;

/** mode tcp over real loopback peers: forwarding, retries with redispatch past a dead server, connection rules. */
class TcpForwardingIT extends LuxyTestBase {

    @Test
    void forwardsAndRedispatchesPastADeadServer() throws Exception {
        int fe = freePort();
        int echoPort = freePort();
        try (EchoServer echo = EchoServer.start(echoPort)) {
            startProxy("""
                    defaults
                        mode tcp
                        timeout connect 200ms
                        timeout client 5s
                        timeout server 5s
                    frontend f
                        bind 127.0.0.1:%d
                        default_backend b
                    backend b
                        retries 1
                        option redispatch
                        server dead 127.0.0.1:%d
                        server echo 127.0.0.1:%d
                    """.formatted(fe, freePort(), echoPort));
            for (int i = 0; i < 4; i++) {
                String out = echoOnce(fe, "ping" + i);
                assertTrue(out.startsWith("echo-server "), out);
                assertTrue(out.endsWith("ping" + i), out);
            }
        }
    }

    /** Sends {@code msg} and reads until it comes back (no half-close: Vert.x 4.5 sockets close on FIN). */
    private static String echoOnce(int port, String msg) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(msg.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            StringBuilder out = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!out.toString().endsWith(msg)) {
                int n = s.getInputStream().read(buf);
                if (n < 0) {
                    break;
                }
                out.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            return out.toString();
        }
    }

    @Test
    void connectionRejectedByRule() throws Exception {
        int fe = freePort();
        int echoPort = freePort();
        try (EchoServer echo = EchoServer.start(echoPort)) {
            startProxy("""
                    defaults
                        mode tcp
                        timeout connect 1s
                        timeout client 5s
                        timeout server 5s
                    frontend f
                        bind 127.0.0.1:%d
                        tcp-request connection reject if { src 127.0.0.1 }
                        default_backend b
                    backend b
                        server echo 127.0.0.1:%d
                    """.formatted(fe, echoPort));
            assertEquals("", tcpExchange(fe, "x"));
        }
    }

    @Test
    void noServerClosesTheConnection() throws Exception {
        int fe = freePort();
        startProxy("""
                defaults
                    mode tcp
                    timeout connect 100ms
                    timeout client 5s
                    timeout server 5s
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    retries 0
                    server dead 127.0.0.1:%d
                """.formatted(fe, freePort()));
        assertEquals("", tcpExchange(fe, "x"));
    }
}

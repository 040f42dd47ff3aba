package io.luxy.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.luxy.support.EchoServer;
import io.luxy.support.LuxyTestBase;

/**
 * Frontend {@code maxconn} in mode tcp: a connection beyond the limit is not served until a slot
 * frees, and a waiting connection that gives up does not keep its slot.
 */
class TcpMaxconnIT extends LuxyTestBase {

    /** Reads one chunk (the echo server's banner line), or "[timeout]". */
    private static String firstBytes(Socket s, int timeoutMs) throws IOException {
        s.setSoTimeout(timeoutMs);
        byte[] buf = new byte[512];
        try {
            int n = s.getInputStream().read(buf);
            return n < 0 ? "[closed]" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "[timeout]";
        }
    }

    @Test
    void connectionsBeyondMaxconnWaitForASlot() throws Exception {
        int fe = freePort();
        int echoPort = freePort();
        try (EchoServer echo = EchoServer.start(echoPort)) {
            startProxy("""
                    defaults
                        mode tcp
                        timeout connect 1s
                        timeout client 10s
                        timeout server 10s
                    frontend f
                        bind 127.0.0.1:%d
                        maxconn 1
                        default_backend b
                    backend b
                        server echo 127.0.0.1:%d
                    """.formatted(fe, echoPort));
            Socket first = new Socket("127.0.0.1", fe);
            assertTrue(firstBytes(first, 5000).startsWith("echo-server"));
            Socket gaveUp = new Socket("127.0.0.1", fe);
            try (Socket waiting = new Socket("127.0.0.1", fe)) {
                assertEquals("[timeout]", firstBytes(waiting, 600), "not served while the only slot is taken");
                gaveUp.close(); // queued before 'waiting': its turn must pass on
                first.close();
                assertTrue(firstBytes(waiting, 5000).startsWith("echo-server"), "served once the slot is free");
            }
            try (Socket next = new Socket("127.0.0.1", fe)) {
                assertTrue(firstBytes(next, 5000).startsWith("echo-server"), "the slot came back after the close");
            }
        }
    }
}

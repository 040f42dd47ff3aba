package io.luxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.reload.Generation;
import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.buffer.Buffer;

/**
 * Clients that hang up early (a reset in the middle of an answer, or before it) on every surface:
 * the stats socket (built-in and Lua commands), HTTP forwarding, a Lua HTTP service, a request
 * body cut short, the stats page, the Prometheus exporter, a Lua TCP service and a TCP tunnel.
 * Each is logged at most as one debug line: no stack trace, nothing at WARN or above, on the log
 * handlers or on stderr (where an uncaught exception of a thread would go).
 */
class ClientHangUpIT extends LuxyTestBase {

    private static final int TIMES = 5;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Level luxyLevel;
    private Generation g;
    private int cli;
    private int web;
    private int raw;
    private int tunnel;
    private int webTls;
    private int rawTls;
    private int readTcp;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("").addHandler(capture);
        luxyLevel = Logger.getLogger("luxy").getLevel();
        Logger.getLogger("luxy").setLevel(Level.FINE); // debug lines are captured too
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, stderr), true));

        int big = freePort();
        vertx().createHttpServer().requestHandler(r -> r.response().end(Buffer.buffer(new byte[4 << 20])))
                .listen(big, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        int echo = freePort();
        vertx().createNetServer().connectHandler(s -> s.handler(b -> s.write(b.copy().appendBuffer(Buffer.buffer(new byte[1 << 20])))))
                .listen(echo, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Path lua = dir.resolve("hangup.lua");
        Files.writeString(lua, """
                local chunk = string.rep("x", 65536)
                core.register_service("big", "http", function(applet)
                  applet:set_status(200)
                  applet:start_response()
                  for i = 1, 64 do applet:send(chunk) end
                end)
                core.register_service("body", "http", function(applet)
                  local body = applet:receive()
                  applet:set_status(200)
                  applet:add_header("content-length", string.len(body))
                  applet:start_response()
                  applet:send(body)
                end)
                core.register_service("bigtcp", "tcp", function(applet)
                  for i = 1, 64 do applet:send(chunk) end
                end)
                core.register_service("readtcp", "tcp", function(applet)
                  local line = applet:getline()
                  applet:send(line)
                end)
                core.register_action("pause", {"http-req"}, function(txn)
                  core.msleep(100)
                end)
                core.register_cli({"big"}, "a lot of output", function(applet)
                  for i = 1, 64 do applet:send(chunk .. "\\n") end
                end)
                """);
        cli = freePort();
        web = freePort();
        raw = freePort();
        tunnel = freePort();
        webTls = freePort();
        rawTls = freePort();
        readTcp = freePort();
        Path pem = io.luxy.proxy.tls.TestCerts.combined(dir, "site.pem", "site.test", "site.test");
        g = startProxy("""
                global
                    stats socket ipv4@127.0.0.1:%d level admin
                    lua-load %s
                defaults
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend web
                    mode http
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                    http-request use-service lua.big if { path /lua }
                    http-request use-service lua.body if { path /body }
                    http-request use-service prometheus-exporter if { path /metrics }
                    http-request lua.pause if { path /pause }
                    http-request use-service lua.big if { path /pause }
                    use_backend be_big if { path /big }
                backend be_big
                    mode http
                    server s1 127.0.0.1:%d
                frontend web_tls
                    mode http
                    bind 127.0.0.1:%d ssl crt %s
                    http-request use-service lua.big
                frontend raw
                    mode tcp
                    bind 127.0.0.1:%d
                    bind 127.0.0.1:%d ssl crt %s
                    tcp-request content use-service lua.bigtcp
                frontend readtcp
                    mode tcp
                    bind 127.0.0.1:%d
                    tcp-request content use-service lua.readtcp
                frontend tunnel
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend be_echo
                backend be_echo
                    mode tcp
                    server e1 127.0.0.1:%d
                """.formatted(cli, lua, web, big, webTls, pem, raw, rawTls, pem, readTcp, tunnel, echo));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        Logger.getLogger("luxy").setLevel(luxyLevel);
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void statsSocket_clientHangsUpEarly_noStackTraceNorWarning() throws Exception {
        String many = String.join(";", java.util.Collections.nCopies(200, "show stat")) + "\n";
        for (int i = 0; i < TIMES; i++) {
            hangUp(cli, many, 0); // the answer is far larger than the socket buffers
            hangUp(cli, "big\n", 1); // a Lua command writing as it runs
            hangUp(cli, "show info\n", 0);
        }
        Await.until(() -> g.runtime().sessions() == 0);
        assertTrue(exchange(cli, "show info\n").contains("Name: "));
        assertQuiet(3 * TIMES);
    }

    @Test
    void frontends_clientHangsUpEarly_noStackTraceNorWarning() throws Exception {
        for (int i = 0; i < TIMES; i++) {
            hangUp(web, "GET /big HTTP/1.1\r\nhost: x\r\n\r\n", 1); // forwarded
            hangUp(web, "GET /lua HTTP/1.1\r\nhost: x\r\n\r\n", 1); // Lua service
            hangUp(web, "POST /body HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\nonly a part", 0);
            hangUp(web, "GET /stats HTTP/1.1\r\nhost: x\r\n\r\n", 0);
            hangUp(web, "GET /metrics HTTP/1.1\r\nhost: x\r\n\r\n", 0);
            hangUp(web, "POST /big HTTP/1.1\r\nhost: x\r\ncontent-length: 10000000\r\n\r\n" + "u".repeat(1 << 20), 0); // upload cut
            hangUp(webTls, "\u0016\u0003\u0001\u0000", 0); // a TLS handshake cut short
            hangUp(rawTls, "\u0016\u0003\u0001\u0000", 0);
            tlsHangUp(webTls, "GET / HTTP/1.1\r\nhost: x\r\n\r\n");
            tlsHangUp(rawTls, "x");
            hangUp(readTcp, "a line without its end", 0); // a Lua TCP service reading
            hangUp(web, "GET /pause HTTP/1.1\r\nhost: x\r\n\r\n", 0); // a Lua action running
            hangUp(raw, "x", 1); // Lua TCP service
            hangUp(tunnel, "hello\n", 1); // TCP tunnel
        }
        Await.until(() -> g.requestsInFlight() == 0);
        assertTrue(exchange(web, "GET /stats;csv HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
        assertQuiet(14 * TIMES);
    }

    /** Sends {@code request}, reads {@code read} bytes, then resets the connection. */
    private static void hangUp(int port, String request, int read) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            if (read > 0) {
                assertEquals(read, s.getInputStream().readNBytes(read).length);
            }
            s.setSoLinger(true, 0); // close with a reset
        }
    }

    /** Like {@link #hangUp} over TLS, reading one byte of the answer. */
    private static void tlsHangUp(int port, String request) throws Exception {
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) io.luxy.proxy.tls.TestCerts.trustAll().getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.startHandshake();
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            assertEquals(1, s.getInputStream().readNBytes(1).length);
            s.setSoLinger(true, 0);
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** No record at WARN or above, none with a stack trace, at most {@code hangUps} debug lines, nothing on stderr. */
    private void assertQuiet(int hangUps) {
        List<LogRecord> all = List.copyOf(records);
        all.forEach(r -> originalErr.println("captured: " + r.getLevel() + " [" + r.getLoggerName() + "] " + r.getMessage()
                + (r.getThrown() != null ? " (" + r.getThrown() + ")" : "")));
        List<String> loud = all.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null)
                .map(r -> r.getLevel() + " [" + r.getLoggerName() + "] " + r.getMessage() + " " + r.getThrown()).toList();
        assertEquals(List.of(), loud, "log lines at WARN or above, or with a stack trace");
        long debug = all.stream().filter(r -> r.getLevel().intValue() < Level.INFO.intValue()).count();
        assertTrue(debug <= hangUps, debug + " debug lines for " + hangUps + " hang-ups");
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(!err.contains("Exception in thread") && !err.contains("\tat "), "stderr: " + err);
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

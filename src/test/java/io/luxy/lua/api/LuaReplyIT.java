package io.luxy.lua.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;

/**
 * {@code txn:reply()} and {@code txn:done(reply)} in http-request actions produce the reply, as
 * HAProxy 2.6 does (418 with both x-a lines and the reply's body; a reply table without the
 * class; an empty reply is 200 with content-length 0); {@code txn:done()} without a reply closes
 * the connection without a response. The raw responses are read from the socket.
 */
class LuaReplyIT extends LuxyTestBase {

    private static final String CFG = """
            global
                lua-load %s
            defaults
                mode http
                timeout connect 5s
                timeout client 10s
                timeout server 10s
            frontend fe
                bind 127.0.0.1:%d
                http-request lua.reply if { path /reply }
                http-request lua.reply_set if { path /set }
                http-request lua.reply_table if { path /table }
                http-request lua.reply_empty if { path /empty }
                http-request lua.done_noreply if { path /close }
                http-request return status 200 content-type text/plain lf-string "after=%%[var(txn.after)]"
            """;

    /** Sends one request with {@code Connection: close} (no half-close: Lua answers asynchronously) and reads to EOF. */
    private static String raw(int port, String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void doneWithReply_sendsTheReply() throws Exception {
        int port = freePort();
        startProxy(CFG.formatted(LuaApiSupport.copyScript("api_actions.lua", Files.createTempDirectory("lua-api")), port));

        String r = raw(port, "/reply");
        assertTrue(r.startsWith("HTTP/1.1 418 I'm a teapot\r\n"), r);
        assertTrue(r.toLowerCase().contains("x-a: 1\r\nx-a: 2\r\n"), r);
        assertTrue(r.toLowerCase().contains("x-b: 3\r\n"), r);
        assertTrue(r.toLowerCase().contains("content-length: 3\r\n"), r);
        assertTrue(r.endsWith("\r\n\r\ntea"), r);

        String s = raw(port, "/set");
        assertTrue(s.startsWith("HTTP/1.1 403 Nope\r\n"), s);
        assertFalse(s.contains("x-c"), s);
        assertTrue(s.contains("x-d: 2\r\n") && s.endsWith("\r\n\r\nno"), s);

        String t = raw(port, "/table");
        assertTrue(t.startsWith("HTTP/1.1 201 Created\r\n") && t.endsWith("\r\n\r\nmade"), t);

        String e = raw(port, "/empty");
        assertTrue(e.startsWith("HTTP/1.1 200 OK\r\n") && e.contains("content-length: 0\r\n"), e);

        assertEquals("", raw(port, "/close"));
        assertTrue(raw(port, "/other").startsWith("HTTP/1.1 200 "));
    }
}

package io.luxy.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Line framing per target format, as HAProxy 2.6.12 sent it over UDP. */
class SyslogFrameTest {

    private static final long NOW = 1795461567234L; // 2026-11-23T19:19:27.234Z

    private static LogServer srv(SyslogFrame.Format f, int facility, int len) {
        return new LogServer(LogServer.Kind.UDP, new InetSocketAddress("127.0.0.1", 514), f, len, facility, 7);
    }

    @Test
    void rfc3164_isPriDateTagPid() {
        assertEquals("<134>Nov 23 19:19:27 haproxy[11287]: hello\n",
                SyslogFrame.frame(srv(SyslogFrame.Format.RFC3164, 16, 1024), 6, "haproxy", 11287, null, NOW, ZoneOffset.UTC, "hello"));
        assertEquals("<134>Nov  3 19:19:27 h1 haproxy[1]: x\n",
                SyslogFrame.frame(srv(SyslogFrame.Format.RFC3164, 16, 1024), 6, "haproxy", 1, "h1", NOW - 20L * 86_400_000, ZoneOffset.UTC, "x"));
    }

    @Test
    void rfc5424_hasVersionIsoDateAndNilFields() {
        assertEquals("<142>1 2026-11-23T19:19:27.234000+00:00 - haproxy 11287 - - hello\n",
                SyslogFrame.frame(srv(SyslogFrame.Format.RFC5424, 17, 1024), 6, "haproxy", 11287, null, NOW, ZoneOffset.UTC, "hello"));
    }

    @Test
    void raw_isTheMessage_cutToLen() {
        assertEquals("hello\n", SyslogFrame.frame(srv(SyslogFrame.Format.RAW, 16, 1024), 6, "haproxy", 1, null, NOW, ZoneOffset.UTC, "hello"));
        assertEquals("hel\n", SyslogFrame.frame(srv(SyslogFrame.Format.RAW, 16, 4), 6, "haproxy", 1, null, NOW, ZoneOffset.UTC, "hello"));
    }
}

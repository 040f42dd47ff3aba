package io.luxy.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleParseException;

/** Log lines ({@link LogFormat} in LOG mode over a {@link LogEntry}) against lines HAProxy 2.6.12 wrote for the same values (UTC). */
class LogFormatLineTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    /** 2026-11-23T19:19:27.216Z */
    private static final long ACCEPT = 1795461567216L;

    private static LogEntry http() {
        LogEntry e = new LogEntry();
        e.clientIp = "127.0.0.1";
        e.clientPort = 59552;
        e.acceptDate = ACCEPT;
        e.frontend = "fh";
        e.backend = "be";
        e.server = "s1";
        e.tr = 0;
        e.tw = 0;
        e.tc = 0;
        e.tresp = 5;
        e.ta = 5;
        e.status = 404;
        e.bytesRead = 500;
        e.actconn = 1;
        e.feconn = 1;
        e.requestLine = "GET /x?y=1 HTTP/1.1";
        return e;
    }

    private static String render(String fmt, LogEntry e) throws SampleParseException {
        return LogFormat.parse(fmt, null, LogFormat.Mode.LOG, UTC).render(null, new EntryValues(e, 11287, "host1", 0));
    }

    @Test
    void httplog_matchesHaproxy() throws Exception {
        assertEquals("127.0.0.1:59552 [23/Nov/2026:19:19:27.216] fh be/s1 0/0/0/5/5 404 500 - - ---- 1/1/0/0/0 0/0 \"GET /x?y=1 HTTP/1.1\"",
                render(AccessLog.HTTPLOG, http()));
    }

    @Test
    void httplog_redispatchedStreamShowsPlusBeforeItsRetries() throws Exception {
        LogEntry e = http();
        e.retries = 1;
        e.redispatched = true;
        // HAProxy 2.6.12, a request redispatched past a server refusing connections (roundrobin)
        assertEquals("127.0.0.1:59552 [23/Nov/2026:19:19:27.216] fh be/s1 0/0/0/5/5 404 500 - - ---- 1/1/0/0/+1 0/0 \"GET /x?y=1 HTTP/1.1\"",
                render(AccessLog.HTTPLOG, e));
        e.redispatched = false;
        e.retries = 3;
        assertEquals("3", render("%rc", e));
    }

    @Test
    void httplog_tlsFrontendGetsTilde_andCapturesAppearInBraces() throws Exception {
        LogEntry e = http();
        e.ssl = true;
        e.requestCaptures = List.of("a.test");
        e.responseCaptures = List.of();
        assertEquals("127.0.0.1:59552 [23/Nov/2026:19:19:27.216] fh~ be/s1 0/0/0/5/5 404 500 - - ---- 1/1/0/0/0 0/0 {a.test} \"GET /x?y=1 HTTP/1.1\"",
                render(AccessLog.HTTPLOG, e));
    }

    @Test
    void clf_matchesHaproxy() throws Exception {
        LogEntry e = http();
        e.clientPort = 60384;
        e.acceptDate = ACCEPT - 216 + 233;
        e.frontend = "fhclf";
        e.requestLine = "GET /clf HTTP/1.1";
        e.tresp = 1;
        e.ta = 1;
        assertEquals("127.0.0.1 - - [23/Nov/2026:19:19:27 +0000] \"GET /clf HTTP/1.1\" 404 500 \"\" \"\" 60384 233 \"fhclf\" \"be\" \"s1\" "
                + "0 0 0 1 1 ---- 1 1 0 0 0 0 0 \"\" \"\" ", render(AccessLog.CLF, e));
    }

    @Test
    void tcplog_matchesHaproxy() throws Exception {
        LogEntry e = new LogEntry();
        e.clientIp = "127.0.0.1";
        e.clientPort = 48446;
        e.acceptDate = ACCEPT;
        e.frontend = "ft";
        e.backend = "bt";
        e.server = "s1";
        e.tw = 1;
        e.tc = 0;
        e.tt = 1;
        e.bytesRead = 520;
        e.actconn = 1;
        e.feconn = 1;
        assertEquals("127.0.0.1:48446 [23/Nov/2026:19:19:27.216] ft bt/s1 1/0/1 520 -- 1/1/0/0/0 0/0", render(AccessLog.TCPLOG, e));
    }

    @Test
    void customFormat_requestPartsDatesAndCounters() throws Exception {
        LogEntry e = http();
        e.requestLine = "GET /raw?q=2 HTTP/1.1";
        e.bytesUploaded = 89;
        e.requestCounter = 4;
        assertEquals("fh be/s1 \"GET /raw?q=2 HTTP/1.1\" 23/Nov/2026:19:19:27 +0000 23/Nov/2026:19:19:27 +0000 216 GET /raw?q=2 HTTP/1.1 /raw ?q=2 -- ---- 500 89 4 0 11287",
                render("%ft %b/%s %{+Q}r %T %Tl %ms %HM %HU %HV %HP %HQ %ts %tsc %B %U %rt %lc %pid", e));
    }

    @Test
    void noBackend_logsFrontendAndNosrv_badRequestAndEmptyValues() throws Exception {
        LogEntry e = new LogEntry();
        e.frontend = "fe";
        e.acceptDate = ACCEPT;
        assertEquals("fe/<NOSRV> <BADREQ> - \"\" -1 7F000001:0050", render("%b/%s %r %CC %{+Q}CS %ST %{+X}ci:%{+X}cp", withAddr(e)));
    }

    private static LogEntry withAddr(LogEntry e) {
        e.clientIp = "127.0.0.1";
        e.clientPort = 80;
        return e;
    }

    @Test
    void separatorsMerge_andPercentEscapes() throws Exception {
        assertEquals("a 100% b", render("a   100%%    b", new LogEntry()));
    }

    @Test
    void unknownVariable_isRefusedWithHaproxysWords() {
        SampleParseException e = assertThrows(SampleParseException.class, () -> LogFormat.parse("%ci %zz", null, LogFormat.Mode.LOG, UTC));
        assertEquals("no such format variable 'zz'. If you wanted to emit the '%' character verbatim, you need to use '%%'", e.getMessage());
    }
}

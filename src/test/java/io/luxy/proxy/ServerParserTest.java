package io.luxy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.luxy.config.Diagnostic;
import io.luxy.reload.Generation;
import io.luxy.support.LuxyTestBase;

/**
 * {@code server} and {@code default-server} lines into server settings, and the messages HAProxy
 * 2.6 gives for bad servers, balance and check keywords (compared with {@code haproxy -c}).
 */
class ServerParserTest extends LuxyTestBase {

    private List<String> alerts(String cfg) throws Exception {
        Generation.Built b = build(cfg);
        return b.diagnostics().alerts().stream().map(Diagnostic::text).toList();
    }

    @Test
    void defaultServer_fromDefaultsAndSection_serverKeywordsWin() throws Exception {
        Generation.Built b = build("""
                defaults
                    mode http
                    default-server inter 3s fall 5 maxconn 10
                backend be
                    default-server rise 4 weight 7
                    server s1 127.0.0.1:8101 check
                    server s2 localhost:8102 weight 2 no-check backup id 9 fastinter 500 downinter 1m
                    server s3 127.0.0.1:8103 ssl verify none sni str(x) alpn h2 port 9999 addr 127.0.0.2
                """);
        assertTrue(b.diagnostics().alerts().isEmpty(), b.diagnostics().all().toString());
        var be = b.generation().model().backends().get("be");
        ServerSettings s1 = be.server("s1").settings();
        assertEquals(7, s1.weight());
        assertEquals(10, s1.maxconn());
        assertTrue(s1.check().enabled());
        assertEquals(3000, s1.check().inter());
        assertEquals(3000, s1.check().fastinter());
        assertEquals(4, s1.check().rise());
        assertEquals(5, s1.check().fall());
        assertEquals(1, s1.id());
        ServerSettings s2 = be.server("s2").settings();
        assertEquals(2, s2.weight());
        assertEquals(9, s2.id());
        assertTrue(s2.backup());
        assertTrue(!s2.check().enabled());
        assertEquals(500, s2.check().fastinter());
        assertEquals(60000, s2.check().downinter());
        assertEquals("localhost", s2.host());
        ServerSettings s3 = be.server("s3").settings();
        assertEquals(2, s3.id());
        assertTrue(s3.tls().enabled());
        assertTrue(!s3.tls().verify());
        assertEquals("h2", s3.tls().alpn());
        assertEquals(9999, s3.check().port());
        assertEquals("127.0.0.2", s3.check().addr());
        b.generation().lua().stop();
    }

    @Test
    void unresolvableName_isRefusedAsHaproxyDoes() throws Exception {
        List<String> a = alerts("backend be\n    server s1 nonexistent.invalid:80 check\n");
        assertTrue(a.get(0).endsWith(":2] : 'server be/s1' : could not resolve address 'nonexistent.invalid'."), a.toString());
        assertEquals("Failed to initialize server(s) addr.", a.get(1));
    }

    @Test
    void sslWithoutCaFile_andDuplicateId_andBadVerify() throws Exception {
        List<String> a = alerts("backend be\n    server s1 127.0.0.1:443 ssl\n    server s2 127.0.0.1:1 id 3\n"
                + "    server s3 127.0.0.1:1 id 3\n");
        assertTrue(a.stream().anyMatch(m -> m.contains(":2] : 'server be/s1' : verify is enabled by default but no CA file specified.")), a.toString());
        assertTrue(a.stream().anyMatch(m -> m.contains(":4] : 'server be/s3' : 'id' : custom id 3 already used at ")
                && m.endsWith(":3 ('server s2').")), a.toString());
        a = alerts("backend be\n    server s3 127.0.0.1:80 verify foo\n");
        assertTrue(a.get(0).endsWith("'server be/s3' : 'verify' : unknown verify method 'foo', only 'none' and 'required' are supported."), a.toString());
    }

    @Test
    void balanceAndCheckKeywords_haproxyMessages() throws Exception {
        List<String> a = alerts("""
                backend be
                    hash-type foo
                    balance uri len x
                    balance url_param
                    balance random(x)
                    balance random(0)
                    balance hdr()
                    http-check expect foo 200
                    http-check expect status
                    http-check bogus
                    http-check send foo
                    tcp-check foo
                    tcp-check expect rstring (
                    option allbackups x
                """);
        List<String> expected = List.of(
                "2] : 'hash-type' only supports 'consistent' and 'map-based'.",
                "3] : balance uri : 'len' expects a positive integer (got 'x').",
                "4] : balance url_param requires an URL parameter name.",
                "5] : balance random : unexpected character 'x' after argument.",
                "6] : balance random : number of draws must be at least 1.",
                "7] : balance hdr requires an http header field name.",
                "8] : 'http-check expect' : 'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf', '[!]status', "
                        + "'[!]rstatus', [!]hdr, [!]fhdr or comment but got 'foo' as argument..",
                "9] : 'http-check expect' : 'status' expects a <pattern> as argument.",
                "10] : 'http-check' only supports 'disable-on-404', 'send-state', 'comment', 'connect', 'send', 'expect', "
                        + "'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got 'bogus'",
                "11] : 'http-check send' : expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body' or 'body-lf' but got "
                        + "'foo' as argument..",
                "12] : 'tcp-check' only supports 'comment', 'connect', 'send', 'send-binary', 'expect', 'set-var-fmt(*)', "
                        + "'set-var(*)', 'unset-var(*)'. but got 'foo'",
                "14] : 'option allbackups' cannot handle unexpected argument 'x'.");
        for (String e : expected) {
            assertTrue(a.stream().anyMatch(m -> m.endsWith(e)), "missing: " + e + " in " + a);
        }
        assertTrue(a.stream().anyMatch(m -> m.contains("13] : 'tcp-check expect' : regex '(' is invalid")), a.toString());
        assertNull(build("backend be\n    option tcp-check\n    option allbackups\n    hash-type consistent djb2 avalanche\n")
                .diagnostics().alerts().stream().findFirst().orElse(null));
    }
}

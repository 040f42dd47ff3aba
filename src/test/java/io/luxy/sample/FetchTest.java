package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.REG;
import static io.luxy.sample.SampleTestSupport.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fetches on the request HAProxy 2.6.12 saw in the golden run:
 * {@code curl -H 'x-a: 1, 2' -H 'x-a: 3' -H 'Cookie: c1=a; c2=b' -H 'Host: example.com' '/p/q?a=1&b=2'}.
 */
class FetchTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "dst | 127.0.0.1",
        "dst_port | 18931",
        "src | 127.0.0.1",
        "src_port | 40000",
        "method | GET",
        "path | /p/q",
        "url | /p/q?a=1&b=2",
        "query | a=1&b=2",
        "req.hdr(x-a) | 3",
        "hdr(x-a) | 3",
        "req.hdr(x-a,1) | 1",
        "req.hdr(x-a,2) | 2",
        "req.hdr(x-a,-1) | 3",
        "req.hdr(x-a,0) | 3",
        "req.fhdr(x-a) | 3",
        "req.fhdr(x-a,1) | '1, 2'",
        "req.fhdr(x-a,-2) | '1, 2'",
        "req.hdr_cnt(x-a) | 3",
        "hdr_cnt(x-a) | 3",
        "req.fhdr_cnt(x-a) | 2",
        "req.cook(c2) | b",
        "cook(c1) | a",
        "url_param(b) | 2",
        "url_param(a) | 1",
        "base | example.com/p/q",
        "always_true | 1",
        "always_false | 0",
        "bool(1) | 1",
        "bool(false) | 0",
        "int(-42) | -42",
        "str(abc) | abc",
        "str | ''",
        "url_param | 1",
        "req.cook | a",
    })
    void fetchesAsHaproxy(String expr, String expected) {
        assertEquals(expected, eval(expr));
    }

    @Test
    void missingValuesFail() {
        assertNull(eval("req.hdr(nope)"));
        assertNull(eval("req.hdr(x-a,4)"));
        assertNull(eval("req.cook(nope)"));
        assertNull(eval("url_param(nope)"));
        assertNull(eval("var(txn.nope)"));
        assertNull(eval("query", TestContext.http("GET", "/p")));
    }

    @Test
    void httpFetchesFailOutsideHttp() {
        assertNull(eval("path", TestContext.tcp()));
        assertNull(eval("method", TestContext.tcp()));
        assertEquals("0", eval("req.hdr_cnt(x-a)", TestContext.http("GET", "/")));
    }

    @Test
    void fetchTypesFollowHaproxy() throws SampleParseException {
        assertEquals(SampleType.IPV4, SampleExpr.parse("src", REG).eval(TestContext.tcp()).type());
        assertEquals(SampleType.SINT, SampleExpr.parse("src_port", REG).eval(TestContext.tcp()).type());
        assertEquals(SampleType.METH, SampleExpr.parse("method", REG).eval(TestContext.goldenRequest()).type());
        assertEquals(SampleType.BOOL, SampleExpr.parse("always_true", REG).eval(TestContext.tcp()).type());
    }

    @Test
    void ipv6SourceIsFormattedLikeInetNtop() {
        TestContext ctx = TestContext.tcp().source("2001:db8:0:0:1:0:0:1", 1);
        assertEquals("2001:db8::1:0:0:1", eval("src", ctx));
        assertEquals(SampleType.IPV6, eval0("src", ctx).type());
    }

    @Test
    void absoluteUriPathDropsSchemeAndAuthority() {
        assertEquals("/x", eval("path", TestContext.http("GET", "http://h:80/x?y")));
    }

    @Test
    void quotedCommasStayInOneHeaderValue() {
        TestContext ctx = TestContext.http("GET", "/").header("x-q", "\"a,b\", c");
        assertEquals("\"a,b\"", eval("req.hdr(x-q,1)", ctx));
        assertEquals("2", eval("req.hdr_cnt(x-q)", ctx));
    }

    @Test
    void varReturnsStoredSample() {
        TestContext ctx = TestContext.tcp().var("txn.t", Sample.bool(true)).var("sess.s", Sample.str("v"));
        assertEquals("1", eval("var(txn.t)", ctx));
        assertEquals("v", eval("var(sess.s)", ctx));
    }

    private static Sample eval0(String expr, SampleContext ctx) {
        try {
            return SampleExpr.parse(expr, REG).eval(ctx);
        } catch (SampleParseException e) {
            throw new AssertionError(e);
        }
    }
}

package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.REG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Log-format rendering in log and HTTP modes, compared with HAProxy 2.6.12 output. */
class LogFormatTest {

    private static String render(String fmt, LogFormat.Mode mode, SampleContext ctx) throws SampleParseException {
        return LogFormat.parse(fmt, REG, mode).render(ctx);
    }

    @Test
    void logModeRendersMissingAndEmptySamplesAsDash() throws SampleParseException {
        TestContext ctx = TestContext.goldenRequest().var("txn.t", Sample.bool(true));
        // golden: "L miss=- q=\"\" ok=1 e=- lit=% ci=127.0.0.1 end"
        assertEquals("L miss=- q=\"\" ok=1 e=- lit=% ci=127.0.0.1 end",
                LogFormat.parse("L miss=%[var(txn.nope)] q=%{+Q}[var(txn.nope)] ok=%[var(txn.t)] e=%[str(),lower] lit=%% ci=%ci end",
                        REG, LogFormat.Mode.LOG).render(ctx, CLIENT));
    }

    @Test
    void httpModeRendersMissingSampleAsEmptyAndEncodesControls() throws SampleParseException {
        TestContext ctx = TestContext.goldenRequest().header("x-j", "a\"b\u0001\tc\u00c3\u00a9");
        assertEquals("", render("%[req.hdr(nope)]", LogFormat.Mode.HTTP, ctx)); // golden
        assertEquals("a\"b%01\tc\u00c3\u00a9", render("%[req.hdr(x-j)]", LogFormat.Mode.HTTP, ctx)); // golden
    }

    @Test
    void rendersTextAndSeveralExpressions() throws SampleParseException {
        LogFormat lf = LogFormat.parse("sdbm=%[str(abc),sdbm(1)] path=%[path] base=%[base]", REG);
        assertEquals("sdbm=659243622 path=/p/q base=example.com/p/q", lf.render(TestContext.goldenRequest()));
        assertFalse(lf.isConstant());
        assertTrue(LogFormat.parse("plain %% text", REG).isConstant());
        assertEquals("\"/p/q\"", render("%{+Q}[path]", LogFormat.Mode.LOG, TestContext.goldenRequest()));
    }

    @Test
    void parseErrorsQuoteTheRestOfTheString() {
        assertError("failed to parse sample expression <foo]> : unknown fetch method 'foo'", "%[foo]");
        assertError("failed to parse sample expression <str(a),bar]> : unknown converter 'bar'", "%[str(a),bar]");
        assertError("failed to parse sample expression <str(a]> : fetch method 'str' : expected ')'", "%[str(a]");
        assertError("expected ']' after 'str(a)', but found 'x'", "%[str(a)x]"); // haproxy -c 2.6.12
        assertError("missing ']' after 'str(a)'", "%[str(a)");
        assertError("truncated line after '%'", "a%");
        assertError("truncated line after '+Q'", "%{+Q");
        assertError("parse argument modifier without variable name near '%{+Q}'", "%{+Q}-");
        assertError("no such format variable 'zz'. If you wanted to emit the '%' character verbatim, you need to use '%%'", "%zz");
    }

    /** Variables for a client 127.0.0.1:54321 in frontend "fe" with nothing else known. */
    private static final LogVariables CLIENT = new LogVariables() {
        @Override
        public String logText(LogVar v) {
            return switch (v) {
                case ci -> "127.0.0.1";
                case f, b -> "fe";
                case s -> "<NOSRV>";
                case r -> "GET /ret HTTP/1.1";
                default -> null;
            };
        }

        @Override
        public long logNumber(LogVar v) {
            return switch (v) {
                case cp -> 54321;
                case ST -> -1;
                case t -> 1795461567216L;
                case pid, rt -> 0x4454;
                default -> MISSING;
            };
        }
    };

    @Test
    void httpModeKeepsSpacesAndIgnoresQuotesOnSamples() throws SampleParseException {
        TestContext ctx = TestContext.goldenRequest().var("txn.sp", Sample.str(" x  "));
        // golden (HAProxy 2.6.12 return lf-string): spaces are text, +Q does not quote a sample, a quoted missing variable is ""
        LogFormat lf = LogFormat.parse("[ a  %[req.hdr(nope)]  b %{+Q}[req.hdr(nope)] %{+Q}ci %CC %hr c %[var(txn.sp)] d  ]"
                + "%{+Q}[str(q)]|%b|%{+Q}s|%{+Q}CC|%ST|%ci %% %{+Q}o %ci %b %r", REG, LogFormat.Mode.HTTP);
        assertEquals("[ a    b  \"127.0.0.1\"   c  x   d  ]q|fe|\"<NOSRV>\"|\"\"|-1|127.0.0.1 %  \"127.0.0.1\" \"fe\" \"GET /ret HTTP/1.1\"",
                lf.render(ctx, CLIENT));
    }

    @Test
    void escapeAndHexFlags() throws SampleParseException {
        TestContext ctx = TestContext.goldenRequest().header("x-q", "a\"b\\c]d");
        // golden: x-esc: a\"b\\c\]d in both modes; unique-id style hex "7F000001:D431_4454"
        assertEquals("a\\\"b\\\\c\\]d|a\\\"b\\\\c\\]d", LogFormat.parse("%{+E}[req.hdr(x-q)]|%{+Q,+E}[req.hdr(x-q)]", REG,
                LogFormat.Mode.HTTP).render(ctx, CLIENT));
        assertEquals("7F000001:D431_4454_6B0491BF", LogFormat.parse("%{+X}o %ci:%cp_%pid_%Ts", REG, LogFormat.Mode.UNIQUE_ID)
                .render(ctx, CLIENT));
        // golden: unique-id-format " a  %[req.hdr(nope)]  b %CC %{+Q}[req.hdr(x-c)] %[req.hdr(x-c)]|" gives "a  b  a a|"
        assertEquals("a  b  a a|", LogFormat.parse(" a  %[req.hdr(nope)]  b %CC %{+Q}[req.hdr(x-c)] %[req.hdr(x-c)]|", REG,
                LogFormat.Mode.UNIQUE_ID).render(TestContext.goldenRequest().header("x-c", "a"), CLIENT));
        assertEquals("a-b", LogFormat.parse("a%-b", REG, LogFormat.Mode.HTTP).render(ctx, CLIENT)); // golden: '%' dropped
    }

    @Test
    void constantFormatsRenderTheSameString() throws SampleParseException {
        LogFormat lf = LogFormat.parse("no variables here", REG, LogFormat.Mode.HTTP);
        assertTrue(lf.isConstant());
        assertTrue(lf.render(TestContext.goldenRequest()) == lf.render(TestContext.goldenRequest()));
        assertFalse(LogFormat.parse("%ci", REG, LogFormat.Mode.HTTP).isConstant());
    }

    private static void assertError(String expected, String fmt) {
        SampleParseException e = assertThrows(SampleParseException.class, () -> LogFormat.parse(fmt, REG, LogFormat.Mode.HTTP));
        assertEquals(expected, e.getMessage());
    }
}

package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.REG;
import static io.luxy.sample.SampleTestSupport.assertParseError;
import static io.luxy.sample.SampleTestSupport.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expression parsing: argument quoting, HAProxy's error messages (2.6.12 wording), and Lua registrations. */
class SampleExprParseTest {

    @Test
    void unknownKeywordsAreRefused() {
        assertParseError("unknown fetch method 'foo'", "foo");
        assertParseError("unknown converter 'bar'", "str(a),bar");
        assertParseError("unknown converter ''", "str(a),");
        assertParseError("missing fetch method", "");
        assertParseError("missing comma after fetch keyword 'str'", "str(a)x");
        assertParseError("missing comma after converter 'lower'", "str(a),lower)");
    }

    @Test
    void badArgumentsAreRefusedWithHaproxyWording() {
        assertParseError("invalid arg 1 in converter 'sdbm' : failed to parse 'x' as type 'integer' at position 1", "str(a),sdbm(x)");
        assertParseError("fetch method 'str' : expected ')'", "str(a");
        assertParseError("invalid arg 3 in converter 'field' : failed to parse 'x' as type 'integer' at position 3", "str(a),field(1,:,x)");
        assertParseError("invalid args in converter 'concat' : failed to register variable name 'foo'", "str(a),concat(a,foo)");
        assertParseError("invalid args in fetch method 'bool' : Expects 'true', 'false', '0' or '1'", "bool(x)");
        assertParseError("invalid arg 2 in converter 'field' : missing arguments (got 1/2), type 'string' expected", "str(a),field(1)");
        assertParseError("invalid arg 2 in converter 'sdbm' : expected ')' before ',2)'", "str(a),sdbm(1,2)");
        assertParseError("fetch method 'req.hdr' : failed to parse 'b' as type 'integer' at position 2", "req.hdr(a,b)");
        assertParseError("invalid arg 1 in converter 'field' : expected type 'integer' at position 1, but got nothing", "str(a),field");
        assertParseError("fetch method 'src' : expected ')' before '1)'", "src(1)");
        assertParseError("invalid arg 1 in converter 'lower' : expected ')' before '1)'", "str(a),lower(1)");
        assertParseError("invalid args in converter 'field' : Unexpected value 0 for index", "str(a),field(0,:)");
        assertParseError("invalid arg 1 in converter 'ipmask' : failed to parse '33' as type 'IPv4 mask' at position 1", "str(a),ipmask(33)");
        assertParseError("invalid args in converter 'json' : Unexpected input code type. Allowed value are 'ascii', 'utf8', 'utf8s', 'utf8p' and 'utf8ps'",
                "str(a),json(foo)");
        assertParseError("invalid args in fetch method 'var' : invalid variable name 'foo'. A variable name must be start by its scope. "
                + "The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'", "var(foo)");
    }

    @Test
    void quotedArgumentsKeepCommasAndParentheses() {
        assertEquals("a,b", eval("str('a,b')"));
        assertEquals("a)b", eval("str(\"a)b\")"));
        assertEquals("a,b", eval("str(a\\,b)"));
        assertEquals("x:y", eval("str(x:y:z),field(1,':',2)"));
    }

    @Test
    void luaKeywordsAreAddedToANewRegistry() throws SampleParseException {
        SampleRegistry reg = REG.withFetch("lua.hello", (ctx, args) -> Sample.str("hi " + String.join("+", args)))
                .withConverter("lua.twice", (in, args, ctx) -> Sample.str(in.asString() + in.asString()));
        assertEquals("hi a+b", SampleExpr.parse("lua.hello(a,b)", reg).eval(TestContext.tcp()).asString());
        assertEquals("11", SampleExpr.parse("int(1),lua.twice", reg).eval(TestContext.tcp()).asString());
        assertNull(REG.fetch("lua.hello"));
        assertNull(REG.converter("lua.twice"));
    }

    @Test
    void luaNamesReplaceDotsDashesAndPluses() {
        assertEquals("req_fhdr", SampleRegistry.luaName("req.fhdr"));
        assertEquals("a_b_c", SampleRegistry.luaName("a-b+c"));
        assertEquals("req.fhdr", REG.luaFetchNames().get("req_fhdr"));
        assertEquals("url_dec", REG.luaConverterNames().get("url_dec"));
    }

    @Test
    void builtinRegistryListsRequiredKeywords() {
        for (String f : List.of("src", "src_port", "dst", "dst_port", "method", "path", "url", "query", "req.hdr", "hdr",
                "req.fhdr", "req.hdr_cnt", "hdr_cnt", "req.cook", "url_param", "var", "str", "int", "bool", "always_true",
                "always_false", "base")) {
            assertEquals(true, REG.fetchNames().contains(f), f);
        }
        for (String c : List.of("lower", "upper", "sdbm", "djb2", "crc32", "wt6", "base64", "b64dec", "hex", "length", "json",
                "bool", "not", "add", "sub", "mul", "div", "concat", "field", "word", "bytes", "url_dec", "ipmask")) {
            assertEquals(true, REG.converterNames().contains(c), c);
        }
    }
}

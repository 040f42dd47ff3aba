package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Converters with expected outputs taken from HAProxy 2.6.12 where marked "golden". */
class ConverterTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '#', value = {
        // golden (HAProxy 2.6.12)
        "str(hello),base64 # aGVsbG8=",
        "str(abc),hex # 616263",
        "str(hello),length # 5",
        "str(aBc),upper # ABC",
        "int(5),add(3) # 8",
        "int(5),div(0) # 9223372036854775807",
        "int(-7),div(2) # -3",
        "int(-7),div(-2) # 3",
        "int(5),sub(7) # -2",
        "int(5),mul(-3) # -15",
        "int(5),add # 5",
        "str(a:b:c),field(2,:) # b",
        "str(a:b:c),field(-1,:) # c",
        "str(a:b|c),field(2,:|) # b",
        "str(::a::b),word(2,:) # b",
        "str(a::b),word(-1,:) # b",
        "str(hello),bytes(1,3) # ell",
        "str(hello),bytes(3) # lo",
        "int(0),not # 1",
        "str(0),bool # 0",
        "int(7),bool # 1",
        "str(aGVsbG8=),b64dec # hello",
        "str(a%20b+c),url_dec # a b+c",
        "str(a%20b+c),url_dec(1) # a b c",
        "int(123),length # 3",
        "int(255),hex # 00000000000000FF",
        "int(1),base64 # AAAAAAAAAAE=",
        "int(-5),upper # -5",
        "src,ipmask(24) # 127.0.0.0",
        "str(a),concat(<,txn.nope,>) # a<>",
        "str(a:b:c:d),field(2,:,2) # b:c",
        "str(a:b:c:d),field(2,:,0) # b:c:d",
        "str(a:b:c:d),field(-2,:,2) # b:c",
        "str(a::b::c),word(-2,:,2) # a::b",
        "str(a?x+y),url_dec # a?x y",
        "str(abc),add(1) # 1",
        "str(abc),bool # 0",
        "int(9223372036854775807),add(1) # 9223372036854775807",
        "int(-9223372036854775808),sub(1) # -9223372036854775808",
        "int(4611686018427387904),mul(4) # 9223372036854775807",
        "str(10.1.2.3),ipmask(255.255.0.0) # 10.1.0.0",
        "str(hello),bytes(9),length # 0",
        "src,length # 9",
        "src,hex # 7F000001",
        "src,sdbm # 350326466",
        "method,lower # get",
        // Luxy-only expectations
        "str(AbC),lower # abc",
    })
    void convertsAsHaproxy(String expr, String expected) {
        assertEquals(expected, eval(expr));
    }

    @Test
    void ipmaskOnIpv6UsesSecondMask() {
        TestContext ctx = TestContext.goldenRequest().header("x-ip", "2001:db8:1:2:3:4:5:6");
        assertEquals("2001:db8:1:2::", eval("req.hdr(x-ip),ipmask(24,64)", ctx)); // golden
        assertNull(eval("req.hdr(x-ip),ipmask(24)", ctx));
    }

    @Test
    void jsonEscapesBytesOrUtf8CodePoints() {
        TestContext ctx = TestContext.goldenRequest().header("x-j", "a\"b\\c\u0001/\u00c3\u00a9");
        assertEquals("a\\\"b\\\\c\\u0001\\/\\u00c3\\u00a9", eval("req.hdr(x-j),json", ctx)); // golden
        assertEquals("a\\\"b\\\\c\\u0001\\/\\u00e9", eval("req.hdr(x-j),json(utf8s)", ctx)); // golden
        TestContext bad = TestContext.goldenRequest().header("x-j", "a\u00ffb");
        assertNull(eval("req.hdr(x-j),json(utf8)", bad));
        assertEquals("ab", eval("req.hdr(x-j),json(utf8s)", bad));
    }

    @Test
    void failingConversionsReturnNull() {
        assertNull(eval("str(a%%20b),url_dec")); // golden: a bad escape fails
        assertNull(eval("str(),not")); // golden: "" cannot be cast to an integer
        assertNull(eval("int(5),add(txn.unset)")); // golden: unset variable fails
        assertNull(eval("str(abc),b64dec"));
        assertNull(eval("str(aGVsbG8),b64dec")); // golden: unpadded input fails
    }

    @Test
    void arithmeticReadsVariables() {
        TestContext ctx = TestContext.goldenRequest().var("txn.t", Sample.bool(true));
        assertEquals("6", eval("int(5),add(txn.t)", ctx)); // golden
        assertEquals("a<1>", eval("str(a),concat(<,txn.t,>)", ctx));
    }

    @Test
    void missingFieldFailsButBytesPastTheEndIsEmpty() {
        assertEquals("", eval("str(hello),bytes(9)")); // golden: bytes(9),length = 0
        assertNull(eval("str(a:b),field(9,:)")); // golden: field(9,:),length prints nothing
    }

    @Test
    void jsonEscapesDelAndHighBytes() {
        TestContext ctx = TestContext.goldenRequest().header("x-z", "a\u007fb\u00ffc\u00c3\u00a9");
        assertEquals("a\\u007fb\\u00ffc\\u00c3\\u00a9", eval("req.hdr(x-z),json", ctx)); // golden
        assertNull(eval("req.hdr(x-z),json(utf8)", ctx)); // golden
        assertEquals("a\\u007fbc\\u00e9", eval("req.hdr(x-z),json(utf8s)", ctx)); // golden
    }

    @Test
    void ipv6SourceCastsLikeHaproxy() {
        TestContext ctx = TestContext.goldenRequest().source("::1", 5);
        assertEquals("::", eval("src,ipmask(24,64)", ctx)); // golden
        assertEquals("00000000000000000000000000000001", eval("src,hex", ctx)); // golden
        assertEquals("1", eval("src,sdbm", ctx)); // golden
        assertEquals("3", eval("src,length", ctx)); // golden
    }
}

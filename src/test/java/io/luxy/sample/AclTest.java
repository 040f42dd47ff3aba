package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.REG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ACL matching; the anonymous ACLs marked golden were checked with {@code http-request set-header ... if { ... }} on HAProxy 2.6.12. */
class AclTest {

    private static TestContext request() {
        return TestContext.http("GET", "/p/q?a=1&b=2")
                .header("Host", "www.example.com")
                .header("x-a", "1, 2")
                .header("x-a", "3")
                .header("x-n", "12abc");
    }

    static boolean acl(String criterion, SampleContext ctx) {
        try {
            return Acl.parse("t", Arrays.asList(criterion.split(" ")), REG).test(ctx);
        } catch (SampleParseException e) {
            throw new AssertionError(criterion + ": " + e.getMessage(), e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "req.hdr(x-a) -m found",
        "hdr_beg(x-a) 1",
        "hdr(x-a) 2",
        "hdr_cnt(x-a) gt 2",
        "path -i /P/Q",
        "path -m len 4",
        "hdr(host) -m dom com",
        "path -m dir q",
        "src 127.0.0.0/8",
        "url_param(b) -m int 2",
        "int(5) 3:7",
        "always_true",
    })
    void matchesLikeHaproxy(String criterion) {
        assertTrue(acl(criterion, request()), criterion); // golden
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "method get",
        "method -i get",
        "req.hdr(x-n) 12",
        "always_false",
    })
    void doesNotMatchLikeHaproxy(String criterion) {
        assertFalse(acl(criterion, request()), criterion); // golden
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "path_beg /p", "path_end /q", "path_sub p/", "path_reg ^/p/.$", "path_dir p", "path_len 4",
        "url_beg /p/q?", "url_sub a=1", "url_end b=2", "base_beg www.example.com/p", "hdr_end(host) .com",
        "hdr_sub(host) example", "hdr_reg(host) ^www\\.", "hdr_dom(host) example", "method GET", "method GET HEAD",
        "path /x /p/q", "path -m beg -i /P", "src_port ge 40000", "dst_port 18931", "src 127.0.0.1",
        "src 127.0.0.0/255.0.0.0", "hdr_val(x-a) 3", "cook_beg(c) x", "path,upper /P/Q", "hdr(x-a),add(10) 13",
        "int(1) gt 1:3", "int(2) gt 1:3", "int(-5) -- -5", "int(5) le 5", "int(5) lt 6", "int(5) ge 5", "int(5) eq 4 5", "int(5) :5", "int(5) 5:",
        "var(txn.s) -m str v", "var(txn.s) -m found", "str(abc) -m sub b",
        "str(abc) -- abc",
    })
    void matches(String criterion) {
        TestContext ctx = request().header("Cookie", "c=x").var("txn.s", Sample.str("v"));
        assertTrue(acl(criterion, ctx), criterion);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "path_beg /q", "path /P/Q", "path_dir /p/q/r", "hdr_dom(host) exam", "int(5) gt 5", "int(5) lt 5",
        "src 10.0.0.0/8", "int(5) gt 1:3", "int(0) lt 1:3", "method POST", "path_len 3", "req.hdr(nope) -m found", "var(txn.none) -m found", "path_beg",
    })
    void doesNotMatch(String criterion) {
        assertFalse(acl(criterion, request()), criterion);
    }

    @Test
    void varBoolIsFalseWhenUnsetOrFalse() {
        assertFalse(acl("var(txn.request_verified) -m bool", request()));
        assertFalse(acl("var(txn.request_verified) -m bool", request().var("txn.request_verified", Sample.bool(false))));
        assertTrue(acl("var(txn.request_verified) -m bool", request().var("txn.request_verified", Sample.bool(true))));
        assertTrue(acl("var(txn.request_verified) -m bool", request().var("txn.request_verified", Sample.sint(2))));
        assertFalse(acl("var(txn.request_verified) -m bool", request().var("txn.request_verified", Sample.str("0"))));
    }

    @Test
    void ipv6SourceMatchesMaskedPattern() {
        TestContext ctx = TestContext.tcp().source("2001:db8::7", 1);
        assertTrue(acl("src 2001:db8::/32", ctx));
        assertFalse(acl("src 127.0.0.1", ctx));
    }

    @Test
    void sameNameLinesAreOred() throws SampleParseException {
        Acl a = Acl.parse("x", List.of("path", "/a"), REG).or(Acl.parse("x", List.of("path", "/p/q"), REG));
        assertTrue(a.test(request()));
        assertEquals("x", a.name());
    }

    @Test
    void predefinedAclsEvaluate() {
        assertTrue(Acl.predefined("TRUE", REG).test(request()));
        assertTrue(Acl.predefined("METH_GET", REG).test(TestContext.http("HEAD", "/")));
        assertTrue(Acl.predefined("LOCALHOST", REG).test(request()));
        assertTrue(Acl.predefined("HTTP_URL_ABS", REG).test(TestContext.http("GET", "http://h/")));
    }

    @Test
    void parseErrorsUseHaproxyWording() {
        assertAclError("unknown fetch method 'foo' in ACL expression 'foo(1)'", "foo(1)");
        assertAclError("unknown matching method 'foo' when parsing ACL expression", "path -m foo x");
        assertAclError("matching method must be specified first (using '-m') when using a sample fetch of this type ('var')",
                "var(txn.x) 1");
        assertAclError("matching method must be specified first (using '-m') when using a sample fetch of this type ('var')",
                "var(txn.x)");
        assertAclError("'gz' is not a number", "int(1) gz 3");
        assertAclError("'-5' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'", "int(-5) -5");
        assertAclError("'-10:-1' is not a valid number range", "int(-5) -- -10:-1");
        assertAclError("'foo.invalid' is not a valid IPv4 or IPv6 address", "src foo.invalid");
        assertAclError("matching method 'int' cannot be used with fetch keyword 'method'", "method -m int 1");
        assertAclError("'x' is not a number", "path -m int x");
        assertAclError("ACL keyword 'path_beg' : expected ')' before 'x)'", "path_beg(x) /a");
    }

    private static void assertAclError(String expected, String criterion) {
        SampleParseException e = assertThrows(SampleParseException.class,
                () -> Acl.parse(null, Arrays.asList(criterion.split(" ")), REG));
        assertEquals(expected, e.getMessage());
    }
}

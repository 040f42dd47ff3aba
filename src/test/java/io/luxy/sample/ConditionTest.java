package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.REG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code if}/{@code unless} conditions: AND, {@code ||}/{@code or}, {@code !}, anonymous ACLs, named and predefined ACLs. */
class ConditionTest {

    private static final Map<String, Acl> NAMED = named();

    private static Map<String, Acl> named() {
        try {
            return Map.of(
                    "is_api", Acl.parse("is_api", List.of("path_beg", "/api"), REG),
                    "is_get", Acl.parse("is_get", List.of("method", "GET"), REG),
                    "verified", Acl.parse("verified", List.of("var(txn.request_verified)", "-m", "bool"), REG));
        } catch (SampleParseException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean test(String cond, SampleContext ctx) {
        String[] w = cond.split(" ", 2);
        try {
            return Condition.parse(w[0], Arrays.asList(w[1].split(" ")), NAMED, REG).test(ctx);
        } catch (SampleParseException e) {
            throw new AssertionError(cond + ": " + e.getMessage(), e);
        }
    }

    private static TestContext get(String uri) {
        return TestContext.http("GET", uri);
    }

    @Test
    void namedAclsAreAndedByDefault() {
        assertTrue(test("if is_api is_get", get("/api/x")));
        assertFalse(test("if is_api is_get", TestContext.http("POST", "/api/x")));
    }

    @Test
    void orSeparatesAlternatives() {
        assertTrue(test("if is_api || { path /health }", get("/health")));
        assertTrue(test("if is_api or { path /health }", get("/api")));
        assertFalse(test("if is_api or { path /health }", get("/other")));
    }

    @Test
    void bangNegatesTheNextTerm() {
        assertTrue(test("if !is_api", get("/x")));
        assertTrue(test("if ! is_api", get("/x")));
        assertFalse(test("if !is_api is_get", get("/api")));
    }

    @Test
    void negatedVarBoolIsTrueWhenVarUnset() {
        assertTrue(test("if !{ var(txn.x) -m bool }", get("/"))); // golden
        assertTrue(test("if !verified", get("/")));
        assertTrue(test("if !verified", get("/").var("txn.request_verified", Sample.bool(false))));
        assertFalse(test("if !verified", get("/").var("txn.request_verified", Sample.bool(true))));
        assertTrue(test("if verified", get("/").var("txn.request_verified", Sample.bool(true))));
    }

    @Test
    void unlessInvertsTheResult() {
        assertFalse(test("unless is_api", get("/api")));
        assertTrue(test("unless is_api", get("/x")));
    }

    @Test
    void predefinedAclsResolveWhenNotDeclared() {
        assertTrue(test("if TRUE", get("/")));
        assertFalse(test("if FALSE", get("/")));
        assertTrue(test("if METH_GET HTTP_URL_SLASH", get("/")));
    }

    @Test
    void emptyConditionFailsSoBareUnlessPasses() throws SampleParseException {
        assertFalse(Condition.parse("if", List.of(), NAMED, REG).test(get("/"))); // golden
        assertTrue(Condition.parse("unless", List.of(), NAMED, REG).test(get("/"))); // golden
    }

    @Test
    void emptyBracesAreRefused() {
        SampleParseException e = assertThrows(SampleParseException.class,
                () -> Condition.parse("if", List.of("{", "}"), NAMED, REG));
        assertEquals("missing fetch method in ACL expression ''", e.getMessage()); // golden
    }

    @Test
    void unknownAclIsRefusedWithHaproxyWording() {
        SampleParseException e = assertThrows(SampleParseException.class,
                () -> Condition.parse("if", List.of("foo"), NAMED, REG));
        assertEquals("no such ACL : 'foo'", e.getMessage()); // golden
    }

    @Test
    void unclosedBraceIsRefused() {
        SampleParseException e = assertThrows(SampleParseException.class,
                () -> Condition.parse("if", List.of("{", "path", "/a"), NAMED, REG));
        assertEquals("missing closing '}' in condition", e.getMessage()); // golden
    }
}

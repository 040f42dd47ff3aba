package io.luxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Helpers: evaluate an expression as HAProxy's lf-string would print it, and assert parse errors. */
final class SampleTestSupport {

    static final SampleRegistry REG = SampleRegistry.builtin();

    private SampleTestSupport() {
    }

    /** The expression's string form, or null when it fails. */
    static String eval(String expr, SampleContext ctx) {
        try {
            Sample s = SampleExpr.parse(expr, REG).eval(ctx);
            return s == null ? null : s.asString();
        } catch (SampleParseException e) {
            throw new AssertionError(expr + ": " + e.getMessage(), e);
        }
    }

    static String eval(String expr) {
        return eval(expr, TestContext.goldenRequest());
    }

    static void assertParseError(String expected, String expr) {
        SampleParseException e = assertThrows(SampleParseException.class, () -> SampleExpr.parse(expr, REG));
        assertEquals(expected, e.getMessage());
    }
}

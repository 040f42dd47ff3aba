package io.luxy.config;

/**
 * Checks one directive of a known keyword and records HAProxy's alerts and warnings for it.
 * The directive stays in the AST either way; a configuration with alerts is refused.
 * Imitates {@code struct cfg_kw_list} parse callbacks (src/cfgparse.c).
 */
@FunctionalInterface
public interface KeywordParser {

    /** Validates {@code d} found in {@code section} (which holds the directives read before it). */
    void check(Directive d, Section section, Diagnostics diag);

    /** A parser that accepts every form of the keyword. */
    static KeywordParser accept() {
        return (d, section, diag) -> {
        };
    }
}

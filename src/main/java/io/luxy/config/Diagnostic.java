package io.luxy.config;

/**
 * One configuration message. {@link #text()} renders it as HAProxy 2.6 does after its
 * {@code [ALERT]    (pid) : config : } prefix, e.g.
 * {@code parsing [typo.cfg:8] : unknown keyword 'backed' in 'frontend' section; did you mean 'backend' maybe ?}.
 * The {@link Style} selects which of HAProxy's location prefixes the message uses (they differ
 * between call sites: {@code cfgparse-listen.c} writes {@code "parsing [%s:%d] : "}, the section
 * dispatcher {@code "parsing [%s:%d]: "}, {@code server.c} {@code "[%s:%d] : "}).
 */
public record Diagnostic(Level level, Location location, String message, Style style) {

    /** HAProxy's severities for configuration messages. */
    public enum Level { ALERT, WARNING, NOTICE }

    /** The location prefixes HAProxy uses; {@link #NONE} for post-parsing checks that print no prefix. */
    public enum Style {
        /** {@code parsing [file:line] : message} (most keyword parsers). */
        PARSING("parsing [", "] : "),
        /** {@code parsing [file:line]: message} (section dispatcher, http-request rules). */
        PARSING_TIGHT("parsing [", "]: "),
        /** {@code Parsing [file:line]: message} (duplicate proxy names). */
        PARSING_CAPITAL("Parsing [", "]: "),
        /** {@code [file:line] : message} (server lines, {@code server.c}). */
        BRACKET("[", "] : "),
        /** The message alone (check_config_validity); the location is kept for tools only. */
        NONE("", "");

        private final String open;
        private final String close;

        Style(String open, String close) {
            this.open = open;
            this.close = close;
        }
    }

    /** A message with HAProxy's most common prefix, {@code parsing [file:line] : }. */
    public Diagnostic(Level level, Location location, String message) {
        this(level, location, message, Style.PARSING);
    }

    public Diagnostic {
        style = style == null ? Style.PARSING : style;
    }

    /** The message with its location prefix in this diagnostic's {@link Style} (none without a location). */
    public String text() {
        return location == null || style == Style.NONE ? message : style.open + location + style.close + message;
    }

    /** True for messages found while reading the files (as opposed to post-parsing validation). */
    public boolean fromParsing() {
        return style != Style.NONE && location != null;
    }
}

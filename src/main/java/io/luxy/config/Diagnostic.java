package io.luxy.config;

/**
 * One configuration message. {@link #text()} renders it as HAProxy 2.6 does after its
 * {@code [ALERT]    (pid) : config : } prefix, e.g.
 * {@code parsing [typo.cfg:8] : unknown keyword 'backed' in 'frontend' section; did you mean 'backend' maybe ?}.
 */
public record Diagnostic(Level level, Location location, String message) {

    /** HAProxy's severities for configuration messages. */
    public enum Level { ALERT, WARNING, NOTICE }

    /** The message with its {@code parsing [file:line] : } prefix when it has a location. */
    public String text() {
        return location == null ? message : "parsing [" + location + "] : " + message;
    }
}

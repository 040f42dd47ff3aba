package io.luxy.sample;

/**
 * A sample expression, ACL, condition or log-format string that HAProxy would refuse. The message
 * uses HAProxy's wording without the trailing period and without the {@code parsing [file:line]}
 * prefix, e.g. {@code unknown fetch method 'foo'}; the config parser adds both.
 */
public final class SampleParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An error with HAProxy's message text (doc/configuration.txt section 7). */
    public SampleParseException(String message) {
        super(message, null, false, false);
    }
}

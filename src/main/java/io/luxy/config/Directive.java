package io.luxy.config;

import java.util.List;

/**
 * One configuration line after tokenizing: the keyword (first word, e.g. {@code http-request}),
 * its arguments with quotes removed, escapes and {@code "${ENV}"} expanded, and its location.
 */
public record Directive(String keyword, List<String> args, Location location) {

    public Directive {
        args = List.copyOf(args);
    }

    /** The i-th argument (0-based, after the keyword), or null when absent. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** All words, keyword first, joined by single spaces (for messages). */
    public String text() {
        return args.isEmpty() ? keyword : keyword + " " + String.join(" ", args);
    }
}

package io.luxy.proxy.http;

import java.util.Map;

import io.luxy.config.Diagnostics;
import io.luxy.config.Section;

/**
 * A proxy's {@code errorfile CODE FILE} pages (raw HTTP responses, as HAProxy sends them
 * unchanged), by status; statuses without a file use HAProxy's built-in pages ({@link ErrorPages}).
 */
public record ErrorFiles(Map<Integer, byte[]> pages) {

    /** No errorfile. */
    public static final ErrorFiles NONE = new ErrorFiles(Map.of());

    /** Reads the {@code errorfile} lines of {@code s} (and its defaults). */
    public static ErrorFiles from(Section s, Diagnostics diag) {
        return NONE;
    }
}

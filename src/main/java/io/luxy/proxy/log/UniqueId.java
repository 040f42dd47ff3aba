package io.luxy.proxy.log;

import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleParseException;
import io.luxy.sample.SampleRegistry;

/**
 * A frontend's {@code unique-id-format} and {@code unique-id-header} (HAProxy
 * doc/configuration.txt 4.2; taken from the frontend or its defaults, as HAProxy uses the
 * frontend's). The ID is built once per stream, the first time the {@code unique-id} fetch, the
 * header or the log line's {@code %ID} asks for it, and is at most 127 characters long
 * (UNIQUEID_LEN). {@code format} is null when none is configured; {@code header} is null when
 * no header is added.
 */
public record UniqueId(LogFormat format, String header) {

    /** No unique ID. */
    public static final UniqueId NONE = new UniqueId(null, null);

    private static final int MAX_LENGTH = 127;

    /** The settings of frontend section {@code s}; a bad format is reported with HAProxy's words and ignored. */
    public static UniqueId from(Section s, SampleRegistry samples, Diagnostics diag) {
        Directive fmt = s.inherited("unique-id-format").orElse(null);
        String header = s.inherited("unique-id-header").map(d -> d.arg(0)).orElse(null);
        if (fmt == null || fmt.arg(0) == null) {
            return NONE;
        }
        try {
            return new UniqueId(LogFormat.parse(fmt.arg(0), samples, LogFormat.Mode.UNIQUE_ID), header);
        } catch (SampleParseException e) {
            diag.alert(fmt.location(), Diagnostic.Style.PARSING_CAPITAL, "failed to parse unique-id : " + e.getMessage() + ".");
            return NONE;
        }
    }

    /** The ID of stream {@code ctx} (the caller keeps it for the stream's later uses), or null without a format. */
    public String generate(SampleContext ctx) {
        if (format == null) {
            return null;
        }
        String id = format.render(ctx);
        return id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
    }
}

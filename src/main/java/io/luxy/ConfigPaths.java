package io.luxy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration files to load: {@code luxy.config} (comma-separated files or folders; set by
 * {@code -f}, the {@code LUXY_CONFIG} environment variable, or application.properties).
 */
public final class ConfigPaths {

    private ConfigPaths() {
    }

    /** Splits a {@code luxy.config} value into paths, in order. */
    public static List<Path> parse(String value) {
        List<Path> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String p : value.split(",")) {
            if (!p.isBlank()) {
                out.add(Path.of(p.trim()));
            }
        }
        return out;
    }
}

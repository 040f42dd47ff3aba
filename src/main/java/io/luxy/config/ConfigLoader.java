package io.luxy.config;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Loads haproxy.cfg files as {@code haproxy -c -f …} does: parse every file (collecting all
 * parsing alerts), and only when parsing found no alert, run the {@link Validator}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads {@code paths} (files or directories) with the process environment for {@code "${VAR}"}. */
    public static ConfigResult load(List<Path> paths, KeywordRegistry registry) {
        return load(paths, registry, System::getenv);
    }

    /** Loads {@code paths} resolving {@code "${VAR}"} through {@code env}. */
    public static ConfigResult load(List<Path> paths, KeywordRegistry registry, Function<String, String> env) {
        Diagnostics diag = new Diagnostics();
        return validated(new CfgParser(registry, diag, env).parse(paths), diag);
    }

    /** Loads one configuration text shown in messages as {@code fileName} (e.g. a ConfigMap entry). */
    public static ConfigResult loadText(String fileName, String text, KeywordRegistry registry, Function<String, String> env) {
        Diagnostics diag = new Diagnostics();
        CfgParser parser = new CfgParser(registry, diag, env);
        parser.parseText(fileName, text);
        return validated(parser.finish(List.of(Path.of(fileName))), diag);
    }

    /** HAProxy validates only a configuration that parsed without alerts. */
    private static ConfigResult validated(ConfigFile config, Diagnostics diag) {
        if (!diag.hasAlerts()) {
            Validator.validate(config, diag);
        }
        return new ConfigResult(config, diag);
    }
}

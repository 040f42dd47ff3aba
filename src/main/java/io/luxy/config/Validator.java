package io.luxy.config;

import java.util.Optional;

/**
 * The cross-reference checks HAProxy 2.6 runs after parsing ({@code check_config_validity()},
 * src/cfgparse.c), in proxy declaration order and with its wording: missing {@code bind},
 * unknown or incompatible {@code default_backend} / {@code use_backend} targets, and missing
 * timeouts. Messages carry the directive's location but print without a prefix, as HAProxy does.
 */
public final class Validator {

    private static final String MISSING_TIMEOUTS = """
            missing timeouts for %s '%s'.
               | While not properly invalid, you will certainly encounter various problems
               | with such a configuration. To fix this, please ensure that all following
               | timeouts are set to a non-zero value: 'client', 'connect', 'server'.""";

    private Validator() {
    }

    /** Checks {@code config} and appends HAProxy's alerts and warnings to {@code diag}. */
    public static void validate(ConfigFile config, Diagnostics diag) {
        for (Section px : config.proxies()) {
            String type = CfgParser.typeName(px.kind());
            if (px.kind().hasFrontend() && px.all("bind").isEmpty()) {
                diag.warning(px.location(), Diagnostic.Style.NONE,
                        type + " '" + px.name() + "' has no 'bind' directive. Please declare it as a backend if this was intended.");
            }
            if (px.kind().hasFrontend()) {
                px.inherited("default_backend").ifPresent(d -> checkTarget(config, px, d, d.arg(0), "as its default backend", "default_backend", diag));
                for (Directive d : px.all("use_backend")) {
                    checkTarget(config, px, d, d.arg(0), "in a 'use_backend' rule", "use_backend", diag);
                }
            }
            if (missingTimeouts(px)) {
                diag.warning(px.location(), Diagnostic.Style.NONE, MISSING_TIMEOUTS.formatted(type, px.name()));
            }
        }
    }

    private static void checkTarget(ConfigFile config, Section px, Directive d, String name, String how, String keyword, Diagnostics diag) {
        if (name == null || name.contains("%[")) {
            return; // dynamic names are resolved per request
        }
        Optional<Section> target = config.backend(name);
        if (target.isEmpty()) {
            diag.alert(d.location(), Diagnostic.Style.NONE,
                    "Proxy '" + px.name() + "': unable to find required " + keyword + ": '" + name + "'.");
            return;
        }
        Section be = target.get();
        if (mode(px).equals("http") && !mode(be).equals("http")) {
            diag.alert(d.location(), Diagnostic.Style.NONE, "http " + CfgParser.typeName(px.kind()) + " '" + px.name() + "' ("
                    + px.location() + ") tries to use incompatible tcp " + CfgParser.typeName(be.kind()) + " '" + be.name()
                    + "' (" + be.location() + ") " + how + " (see 'mode').");
        }
    }

    /** The effective mode of a proxy: its own or its defaults' {@code mode}, else tcp. */
    public static String mode(Section px) {
        return px.inherited("mode").map(d -> d.arg(0)).orElse("tcp");
    }

    /** HAProxy's test: FE without client timeout, or BE with servers and no connect/server timeout. */
    private static boolean missingTimeouts(Section px) {
        boolean fe = px.kind().hasFrontend() && !timeoutSet(px, "client");
        boolean be = px.kind().hasBackend() && !px.all("server").isEmpty()
                && (!timeoutSet(px, "connect")
                        || (!timeoutSet(px, "server") && (mode(px).equals("http") || !timeoutSet(px, "tunnel"))));
        return fe || be;
    }

    private static boolean timeoutSet(Section px, String which) {
        return px.inherited("timeout", which)
                .map(d -> d.arg(1) == null ? 0L : HaproxyTime.parseMillis(d.arg(1)).value())
                .orElse(0L) > 0;
    }
}

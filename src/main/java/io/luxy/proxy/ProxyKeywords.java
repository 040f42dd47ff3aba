package io.luxy.proxy;

import io.luxy.config.BestMatch;
import io.luxy.config.CfgParser;
import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.GlobalKeywords;
import io.luxy.config.HaproxyTime;
import io.luxy.config.KeywordRegistry;
import io.luxy.config.Location;
import io.luxy.config.Section;
import io.luxy.config.SectionKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proxy keywords Luxy implements (mode, bind, timeout, default_backend, use_backend, acl,
 * tcp-request, http-request, http-response, http-after-response (checked by {@link io.luxy.proxy.rules.RuleKeywords}), server, default-server, balance, option, log, maxconn, retries,
 * description), checked with HAProxy 2.6's messages from src/cfgparse-listen.c, src/proxy.c,
 * src/server.c, src/tcp_rules.c and src/http_rules.c.
 */
public final class ProxyKeywords {

    private static final Set<SectionKind> ALL = EnumSet.of(SectionKind.DEFAULTS, SectionKind.FRONTEND, SectionKind.BACKEND, SectionKind.LISTEN);

    /** The tcp-request content actions Luxy implements. */
    static final List<String> TCP_CONTENT_ACTIONS = List.of("accept", "reject", "use-service", "lua.*");

    /** The tcp-request connection actions Luxy implements. */
    static final List<String> TCP_CONNECTION_ACTIONS = List.of("accept", "reject");

    /** Server keywords without an argument. */
    static final List<String> SERVER_FLAGS = List.of("check", "backup", "disabled", "enabled", "no-check", "ssl", "no-ssl",
            "check-ssl", "no-check-ssl", "agent-check", "no-agent-check", "send-proxy", "send-proxy-v2", "non-stick", "tfo", "no-backup");

    /** Server keywords with one argument. */
    static final List<String> SERVER_OPTIONS = List.of("weight", "inter", "fastinter", "downinter", "rise", "fall",
            "maxconn", "minconn", "maxqueue", "id", "cookie", "port", "addr", "slowstart", "verify", "sni", "alpn",
            "proto", "ca-file", "crt", "resolvers", "init-addr", "on-error", "on-marked-down", "on-marked-up",
            "observe", "error-limit", "track", "agent-port", "agent-inter", "agent-addr", "agent-send", "check-sni", "pool-max-conn",
            "pool-purge-delay", "source", "resolve-prefer");

    /** Bind keywords without an argument. */
    static final List<String> BIND_FLAGS = List.of("ssl", "accept-proxy", "v4v6", "v6only", "transparent",
            "defer-accept", "tfo", "allow-0rtt", "strict-sni", "prefer-client-ciphers", "no-sslv3", "no-tlsv10",
            "no-tlsv11", "no-tlsv12", "no-tlsv13", "force-tlsv12", "force-tlsv13", "generate-certificates", "quic-force-retry");

    /** Bind keywords with one argument. */
    static final List<String> BIND_OPTIONS = List.of("crt", "crt-list", "alpn", "npn", "name", "id", "maxconn",
            "backlog", "process", "thread", "nice", "mode", "user", "group", "uid", "gid", "interface", "mss",
            "level", "severity-output", "expose-fd", "ciphers", "ciphersuites", "curves", "ecdhe", "ca-file",
            "verify", "ssl-min-ver", "ssl-max-ver", "proto", "namespace", "tcp-ut", "label");

    /** Options Luxy implements, with the proxy capability they need (FE, BE or both). */
    static final Map<String, String> OPTIONS = Map.of("httplog", "FE", "tcplog", "FE", "dontlognull", "FE",
            "forwardfor", "FEBE", "http-server-close", "FEBE", "httpchk", "BE", "redispatch", "BE",
            "http-buffer-request", "FEBE", "accept-invalid-http-request", "FE");

    private ProxyKeywords() {
    }

    /** Registers every proxy keyword in the defaults, frontend, backend and listen sections. */
    public static void register(KeywordRegistry r) {
        r.register(ALL, "mode", ProxyKeywords::mode);
        r.register(ALL, "bind", ProxyKeywords::bind);
        r.register(ALL, "timeout", ProxyKeywords::timeout);
        r.register(ALL, "default_backend", ProxyKeywords::defaultBackend);
        r.register(ALL, "use_backend", ProxyKeywords::useBackend);
        r.register(ALL, "acl", ProxyKeywords::acl);
        r.register(ALL, "tcp-request", ProxyKeywords::tcpRequest);
        r.register(ALL, "tcp-response", ProxyKeywords::tcpResponse);
        r.register(ALL, "http-request", io.luxy.proxy.rules.RuleKeywords::check);
        r.register(ALL, "http-response", io.luxy.proxy.rules.RuleKeywords::check);
        r.register(ALL, "http-after-response", io.luxy.proxy.rules.RuleKeywords::check);
        r.register(ALL, "server", (d, s, diag) -> server(d, s, diag, false));
        r.register(ALL, "default-server", (d, s, diag) -> server(d, s, diag, true));
        r.register(ALL, "option", ProxyKeywords::option);
        r.register(ALL, "capture", ProxyKeywords::capture);
        r.register(ALL, "log", GlobalKeywords.log("<address> and <facility> or global as arguments"));
        r.register(ALL, "log-format", (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.alert(d.location(), "log-format expects an argument.");
            } else if (d.arg(1) != null) {
                diag.alert(d.location(), "log-format expects only one argument, don't forget to escape spaces!");
            }
        });
        r.register(ALL, "unique-id-format", (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.alert(d.location(), "unique-id-format expects an argument.");
            } else if (d.arg(1) != null) {
                diag.alert(d.location(), "unique-id-format expects only one argument, don't forget to escape spaces!");
            }
        });
        r.register(ALL, "unique-id-header", (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.alert(d.location(), "unique-id-header expects an argument.");
            }
        });
        r.register(ALL, "maxconn", (d, s, diag) -> {
            warnIfNotCap(d, s, "FE", d.keyword(), " Maybe you want 'fullconn' instead ?", diag);
            if (d.arg(0) == null) {
                diag.alert(d.location(), "'maxconn' expects an integer argument.");
            } else {
                GlobalKeywords.tooManyArgs(d, 1, diag);
            }
        });
        r.register(ALL, "retries", (d, s, diag) -> {
            warnIfNotCap(d, s, "BE", d.keyword(), null, diag);
            if (d.arg(0) == null) {
                diag.alert(d.location(), "'retries' expects an integer argument (dispatch counts for one).");
            } else {
                GlobalKeywords.tooManyArgs(d, 1, diag);
            }
        });
        r.register(ALL, "description", (d, s, diag) -> {
            if (d.arg(0) == null) {
                diag.abort(d.location(), Diagnostic.Style.PARSING_TIGHT, "'description' expects a string argument.");
            }
        });
    }

    /** warnifnotcap(): "'kw' ignored because backend 'b' has no frontend capability." Returns true when warned. */
    static boolean warnIfNotCap(Directive d, Section s, String cap, String what, String hint, Diagnostics diag) {
        if (s.kind() == SectionKind.DEFAULTS || hasCap(s, cap)) {
            return false;
        }
        diag.warning(d.location(), "'" + what + "' ignored because " + CfgParser.typeName(s.kind()) + " '" + s.name()
                + "' has no " + (cap.equals("FE") ? "frontend" : "backend") + " capability." + (hint == null ? "" : hint));
        return true;
    }

    private static boolean hasCap(Section s, String cap) {
        return switch (cap) {
            case "FE" -> s.kind().hasFrontend();
            case "BE" -> s.kind().hasBackend();
            default -> true;
        };
    }

    private static boolean notInDefaults(Directive d, Section s, Diagnostics diag) {
        if (s.kind() == SectionKind.DEFAULTS) {
            diag.alert(d.location(), "'" + d.keyword() + "' not allowed in 'defaults' section.");
            return false;
        }
        return true;
    }

    private static void mode(Directive d, Section s, Diagnostics diag) {
        String m = d.arg(0) == null ? "" : d.arg(0);
        if (!m.equals("tcp") && !m.equals("http")) {
            diag.alert(d.location(), "unknown proxy mode '" + m + "'.");
        }
    }

    private static void bind(Directive d, Section s, Diagnostics diag) {
        if (!notInDefaults(d, s, diag)) {
            return;
        }
        warnIfNotCap(d, s, "FE", "bind", null, diag);
        if (d.arg(0) == null) {
            diag.alert(d.location(), "'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.");
            return;
        }
        for (String addr : d.arg(0).split(",", -1)) {
            String err = AddressSyntax.check(addr, true, true);
            if (err != null) {
                diag.alert(d.location(), "'bind' : " + err);
                return;
            }
        }
        List<String> args = d.args();
        for (int i = 1; i < args.size(); i++) {
            String kw = args.get(i);
            if (BIND_OPTIONS.contains(kw)) {
                i++;
            } else if (!BIND_FLAGS.contains(kw)) {
                String best = BestMatch.find(kw, concat(BIND_FLAGS, BIND_OPTIONS));
                diag.alert(d.location(), "'bind " + d.arg(0) + "' in section '" + s.kind().keyword() + "': unknown keyword '" + kw
                        + "'" + (best == null ? "." : "; did you mean '" + best + "' maybe ?"));
                return;
            }
        }
    }

    /** True when bind keyword {@code kw} takes one argument ({@code crt}, {@code alpn}, {@code name}…). */
    public static boolean bindTakesArgument(String kw) {
        return BIND_OPTIONS.contains(kw);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static void timeout(Directive d, Section s, Diagnostics diag) {
        String name = d.arg(0) == null ? "" : d.arg(0);
        String cap = switch (name) {
            case "client", "client-fin" -> "FE";
            case "server", "connect", "queue", "tunnel", "check", "server-fin" -> "BE";
            case "http-request", "http-keep-alive", "tarpit" -> "FEBE";
            default -> null;
        };
        if (cap == null) {
            diag.alert(d.location(), "'timeout' supports 'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', "
                    + "'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got '" + name + "')");
            return;
        }
        String value = d.arg(1);
        if (value == null || value.isEmpty()) {
            diag.alert(d.location(), "'timeout " + name + "' expects an integer value (in milliseconds)");
            return;
        }
        HaproxyTime.Result t = HaproxyTime.parseMillis(value);
        if (t.trailingWarning() != null) {
            diag.warning(d.location(), Diagnostic.Style.NONE, t.trailingWarning());
        }
        if (t.overflow()) {
            diag.alert(d.location(), "timer overflow in argument '" + value + "' to 'timeout " + name
                    + "' (maximum value is 2147483647 ms or ~24.8 days)");
            return;
        }
        if (!t.ok()) {
            diag.alert(d.location(), "unexpected character '" + value.charAt(t.errorIndex()) + "' in 'timeout " + name + "'");
            return;
        }
        if (s.kind() != SectionKind.DEFAULTS && !hasCap(s, cap)) {
            diag.warning(d.location(), "'timeout " + name + "' will be ignored because " + CfgParser.typeName(s.kind()) + " '"
                    + s.name() + "' has no " + (cap.equals("FE") ? "frontend" : "backend") + " capability");
        }
        if (d.arg(2) != null) {
            diag.alert(d.location(), "'timeout " + name + "' : unexpected extra argument '" + d.arg(2) + "' after value '" + value + "'.");
        }
    }

    private static void defaultBackend(Directive d, Section s, Diagnostics diag) {
        warnIfNotCap(d, s, "FE", d.keyword(), null, diag);
        if (d.arg(0) == null) {
            diag.alert(d.location(), "'default_backend' expects a backend name.");
        } else {
            GlobalKeywords.tooManyArgs(d, 1, diag);
        }
    }

    private static void useBackend(Directive d, Section s, Diagnostics diag) {
        if (!notInDefaults(d, s, diag)) {
            return;
        }
        warnIfNotCap(d, s, "FE", d.keyword(), null, diag);
        if (d.arg(0) == null) {
            diag.alert(d.location(), "'use_backend' expects a backend name.");
        } else if (d.arg(1) != null && !isCond(d.arg(1))) {
            diag.alert(d.location(), "unexpected keyword '" + d.arg(1) + "' after switching rule, only 'if' and 'unless' are allowed.");
        }
    }

    private static void acl(Directive d, Section s, Diagnostics diag) {
        if (s.kind() == SectionKind.DEFAULTS && s.name().isEmpty()) {
            diag.alert(d.location(), "'acl' not allowed in anonymous 'defaults' section.");
            return;
        }
        if (d.arg(0) != null && d.arg(1) == null) {
            diag.alert(d.location(), "error detected while parsing ACL '" + d.arg(0) + "' : missing fetch method in ACL expression ''.");
        }
    }

    private static boolean isCond(String w) {
        return "if".equals(w) || "unless".equals(w);
    }

    /** The tcp-response content actions Luxy implements. */
    static final List<String> TCP_RESPONSE_ACTIONS = List.of("accept", "close", "reject", "lua.*");

    /**
     * {@code tcp-response inspect-delay} and {@code tcp-response content}: backend-side keywords
     * (HAProxy doc/configuration.txt 4.2), refused in a frontend with HAProxy 2.6's words.
     */
    private static void tcpResponse(Directive d, Section s, Diagnostics diag) {
        String sub = d.arg(0) == null ? "" : d.arg(0);
        String where = " in " + CfgParser.typeName(s.kind()) + " '" + s.name() + "'";
        if (!sub.equals("inspect-delay") && !sub.equals("content")) {
            diag.alert(d.location(), "'tcp-response' expects 'inspect-delay' or 'content'" + where + " (got '" + sub + "')");
            return;
        }
        if (s.kind() == SectionKind.FRONTEND) {
            diag.alert(d.location(), "tcp-response " + sub + " is only allowed in 'backend' sections or 'defaults' section with a name");
            return;
        }
        if (sub.equals("inspect-delay")) {
            String v = d.arg(1);
            if (v == null || !HaproxyTime.parseMillis(v).ok()) {
                diag.alert(d.location(), "'tcp-response inspect-delay' expects a positive delay in milliseconds," + where);
            }
            return;
        }
        String action = d.arg(1) == null ? "" : d.arg(1);
        if (!TCP_RESPONSE_ACTIONS.contains(action) && !action.startsWith("lua.")) {
            diag.alert(d.location(), "'tcp-response content' expects " + quoteList(TCP_RESPONSE_ACTIONS) + where + " (got '" + action + "').");
            return;
        }
        int next = 2;
        while (action.startsWith("lua.") && d.arg(next) != null && !isCond(d.arg(next))) {
            next++;
        }
        if (d.arg(next) != null && !isCond(d.arg(next))) {
            diag.alert(d.location(), "'tcp-response content " + action + "' only accepts 'if' or 'unless'," + where + " (got '" + d.arg(next) + "')");
        }
    }

    private static void tcpRequest(Directive d, Section s, Diagnostics diag) {
        String sub = d.arg(0) == null ? "" : d.arg(0);
        String where = " in " + CfgParser.typeName(s.kind()) + " '" + s.name() + "'";
        switch (sub) {
            case "inspect-delay" -> {
                String v = d.arg(1);
                String msg = "'tcp-request inspect-delay' expects a positive delay in milliseconds," + where;
                if (v == null) {
                    diag.alert(d.location(), msg);
                } else {
                    HaproxyTime.Result t = HaproxyTime.parseMillis(v);
                    if (t.overflow()) {
                        diag.alert(d.location(), msg + " (timer overflow in '" + v + "', maximum value is 2147483647 ms or ~24.8 days)");
                    } else if (!t.ok()) {
                        diag.alert(d.location(), msg + " (unexpected character '" + v.charAt(t.errorIndex()) + "')");
                    }
                }
            }
            case "content", "connection" -> {
                List<String> actions = sub.equals("content") ? TCP_CONTENT_ACTIONS : TCP_CONNECTION_ACTIONS;
                String action = d.arg(1) == null ? "" : d.arg(1);
                int next = 2;
                boolean known = actions.contains(action) || (actions.contains("lua.*") && action.startsWith("lua."));
                if (!known) {
                    diag.alert(d.location(), "'tcp-request " + sub + "' expects " + quoteList(actions) + where + " (got '" + action + "').\n");
                    return;
                }
                if (action.equals("use-service")) {
                    if (d.arg(2) == null) {
                        diag.alert(d.location(), "'" + sub + "' expects a service name.");
                        return;
                    }
                    next = 3;
                } else if (action.startsWith("lua.")) {
                    while (d.arg(next) != null && !isCond(d.arg(next))) {
                        next++;
                    }
                }
                if (d.arg(next) != null && !isCond(d.arg(next))) {
                    diag.alert(d.location(), "'tcp-request " + sub + " " + action + "' only accepts 'if' or 'unless'," + where
                            + " (got '" + d.arg(next) + "')");
                }
            }
            default -> diag.alert(d.location(), "'tcp-request' expects 'inspect-delay', 'connection', or 'content'" + where + " (got '" + sub + "')");
        }
    }

    private static String quoteList(List<String> words) {
        return String.join(", ", words.stream().map(w -> "'" + w + "'").toList());
    }

    /** C's atoi(): leading digits, 0 when none. */
    static int atoi(String s) {
        return io.luxy.proxy.rules.RuleKeywords.atoi(s);
    }

    private static void server(Directive d, Section s, Diagnostics diag, boolean defaultServer) {
        Location loc = d.location();
        if (!defaultServer && s.kind() == SectionKind.DEFAULTS) {
            diag.alert(loc, Diagnostic.Style.BRACKET, "'server' not allowed in 'defaults' section.");
            return;
        }
        if (!defaultServer && !s.kind().hasBackend()) {
            diag.alert(loc, Diagnostic.Style.BRACKET, "parsing [" + loc + "] : 'server' not allowed because "
                    + CfgParser.typeName(s.kind()) + " '" + s.name() + "' has no backend capability.");
            return;
        }
        int i = 0;
        String prefix;
        if (!defaultServer) {
            if (d.arg(1) == null) {
                diag.alert(loc, Diagnostic.Style.BRACKET, "'server' expects <name> and <addr>[:<port>] as arguments.");
                return;
            }
            String err = AddressSyntax.check(d.arg(1), false, false);
            prefix = "'server " + s.name() + "/" + d.arg(0) + "' : ";
            if (err != null) {
                diag.alert(loc, Diagnostic.Style.BRACKET, prefix + err);
                return;
            }
            i = 2;
        } else {
            prefix = "";
        }
        String srv = d.arg(0);
        while (d.arg(i) != null) {
            String kw = d.arg(i);
            String v = d.arg(i + 1);
            if (SERVER_FLAGS.contains(kw)) {
                i++;
                continue;
            }
            if (!SERVER_OPTIONS.contains(kw)) {
                String best = BestMatch.find(kw, concat(SERVER_FLAGS, SERVER_OPTIONS));
                diag.alert(loc, Diagnostic.Style.BRACKET, prefix + "unknown keyword '" + kw + "'"
                        + (best == null ? "." : "; did you mean '" + best + "' maybe ?")
                        + (defaultServer ? " Hint: no address was expected for this server." : ""));
                return;
            }
            String err = serverOption(kw, v, srv);
            if (err != null) {
                diag.alert(loc, Diagnostic.Style.BRACKET, prefix + err);
                return;
            }
            i += 2;
        }
    }

    /** The error of one server option's value, or null (src/server.c, src/check.c). */
    private static String serverOption(String kw, String v, String srv) {
        switch (kw) {
            case "weight" -> {
                int w = atoi(v);
                if (w > 256) {
                    return "weight of server " + srv + " is not within 0 and 256 (" + w + ")..";
                }
            }
            case "inter", "fastinter", "downinter", "agent-inter" -> {
                if (v == null || v.isEmpty()) {
                    return "'" + kw + "' expects a delay as argument..";
                }
                HaproxyTime.Result t = HaproxyTime.parseMillis(v);
                if (t.overflow()) {
                    return "timer overflow in argument '" + v + "' to '" + kw + "' of server " + srv
                            + ", maximum value is 2147483647 ms (~24.8 days)..";
                }
                if (!t.ok()) {
                    // HAProxy 2.6 names every check delay 'agent-inter' in this message (src/check.c)
                    return "unexpected character '" + v.charAt(t.errorIndex()) + "' in 'agent-inter' argument of server " + srv + "..";
                }
                if (t.value() == 0) {
                    return "invalid value 0 for argument '" + kw + "' of server " + srv + "..";
                }
            }
            case "verify" -> {
                if (!"none".equals(v) && !"required".equals(v)) {
                    return "'verify' : unknown verify method '" + v + "', only 'none' and 'required' are supported.";
                }
            }
            case "id" -> {
                if (atoi(v) <= 0) {
                    return "'id' : custom id has to be > 0.";
                }
            }
            case "rise", "fall" -> {
                if (v == null || v.isEmpty()) {
                    return "'" + kw + "' expects an integer argument..";
                }
                if (atoi(v) <= 0) {
                    return "'" + kw + "' has to be > 0..";
                }
            }
            default -> {
                // HAProxy reads the other values with atoi() or at start-up: nothing to refuse here
            }
        }
        return null;
    }

    /**
     * {@code capture request|response header NAME len N} and {@code capture cookie NAME len N}
     * (src/cfgparse-listen.c): checked as HAProxy 2.6; ignored with a warning without frontend capability.
     */
    private static void capture(Directive d, Section s, Diagnostics diag) {
        String what = d.arg(0) == null ? "" : d.arg(0);
        if (s.kind() == SectionKind.DEFAULTS) {
            diag.alert(d.location(), "'capture" + (what.isEmpty() ? "" : " " + what) + "' not allowed in 'defaults' section.");
            return;
        }
        if (warnIfNotCap(d, s, "FE", d.keyword(), null, diag)) {
            return;
        }
        switch (what) {
            case "cookie" -> {
                if (d.arg(1) == null || !"len".equals(d.arg(2)) || d.arg(3) == null) {
                    diag.alert(d.location(), "'capture' expects 'cookie' <cookie_name> 'len' <len>.");
                }
            }
            case "request", "response" -> {
                if (!"header".equals(d.arg(1)) || d.arg(2) == null || !"len".equals(d.arg(3)) || d.arg(4) == null) {
                    diag.alert(d.location(), "'capture " + what + "' expects 'header' <header_name> 'len' <len>.");
                }
            }
            default -> diag.alert(d.location(), "'capture' expects 'cookie' or 'request header' or 'response header'.");
        }
    }

    private static void option(Directive d, Section s, Diagnostics diag) {
        String name = d.arg(0);
        if (name == null) {
            diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT, "'option' expects an option name.");
            return;
        }
        String cap = OPTIONS.get(name);
        if (cap == null) {
            diag.alert(d.location(), "unknown option '" + name + "'.");
            return;
        }
        warnIfNotCap(d, s, cap, name, null, diag);
        String extra = d.arg(1);
        switch (name) {
            case "httplog" -> {
                if (extra != null && !extra.equals("clf")) {
                    diag.alert(d.location(), "keyword 'httplog' only supports option 'clf'.");
                }
            }
            case "httpchk" -> maxOptionArgs(d, 3, diag);
            case "redispatch" -> {
                // "option redispatch [interval]": HAProxy 2.6 reads the interval with atol() and
                // accepts any words after it
            }
            case "forwardfor" -> {
                for (int i = 1; d.arg(i) != null; ) {
                    String o = d.arg(i);
                    if ((o.equals("except") || o.equals("header")) && d.arg(i + 1) != null) {
                        i += 2;
                    } else if (o.equals("if-none")) {
                        i++;
                    } else {
                        diag.alert(d.location(), "'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'.");
                        return;
                    }
                }
            }
            default -> maxOptionArgs(d, 0, diag);
        }
    }

    private static void maxOptionArgs(Directive d, int max, Diagnostics diag) {
        if (d.arg(max + 1) != null) {
            diag.alert(d.location(), "'option " + d.arg(0) + "' cannot handle unexpected argument '" + d.arg(max + 1) + "'.");
        }
    }
}

package io.luxy.proxy.rules;

import java.util.List;
import java.util.regex.Pattern;

import io.luxy.lua.engine.Registrations;
import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleExpr;

/**
 * The {@code http-request}, {@code http-response} and {@code http-after-response} actions Luxy
 * implements (HAProxy doc/configuration.txt 4.2). Final actions end the rule set with a verdict.
 */
public sealed interface HttpAction {

    /** True when evaluating the rule ends the rule set (a response is produced or the stream handed over). */
    default boolean isFinal() {
        return false;
    }

    /** {@code use-service lua.NAME}: hands the request to an HTTP Lua service. */
    record UseService(Registrations.Entry service) implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /**
     * {@code use-service prometheus-exporter}: a service built into HAProxy (doc/configuration.txt
     * 4.2 "use-service", addons/promex), answered by Luxy itself.
     */
    record BuiltinService(String name) implements HttpAction {
        /** HAProxy's Prometheus exporter service name. */
        public static final String PROMETHEUS_EXPORTER = "prometheus-exporter";

        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /** {@code deny [deny_status N]}: answers with HAProxy's error page for the status (403, or 502 in http-response). */
    record Deny(int status) implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /**
     * Ends the stream without a response: a Lua action returned {@code act.DONE} or
     * {@code act.ABORT} (HAProxy 2.6 closes the connection, HAPROXY-LUA-API.md 3.13).
     */
    record Close() implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /**
     * {@code http-request auth [realm REALM]}: answers 401 with HAProxy's page (or the
     * {@code errorfile 401}) and {@code WWW-Authenticate: Basic realm="REALM"}; the realm defaults
     * to the proxy's name, or "HAProxy Statistics" for {@code stats http-request auth}
     * (src/http_act.c {@code http_action_auth}).
     */
    record Auth(String realm) implements HttpAction {
        /** The header value HAProxy sends. */
        public String challenge() {
            return "Basic realm=\"" + realm + "\"";
        }

        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /** {@code allow}: stops evaluating this rule set; the request goes on. */
    record Allow() implements HttpAction {
    }

    /** {@code return [status N] [content-type T] [string S | lf-string FMT | file F | lf-file F] [hdr N FMT]…}. */
    record Return(int status, String contentType, LogFormat body, List<Header> headers) implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /**
     * The reply of a Lua action's {@code txn:done(reply)} (HAProxy doc/lua-api "Reply class"):
     * status, reason, headers in order and body, sent with a content-length.
     */
    record LuaReply(int status, String reason, List<java.util.Map.Entry<String, String>> headers, byte[] body) implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /** A header of a {@code return} rule: name and log-format value. */
    record Header(String name, LogFormat value) {
    }

    /** How {@code redirect} builds the location (doc 4.2 "redirect"). */
    enum RedirectType { LOCATION, PREFIX, SCHEME }

    /**
     * {@code redirect location|prefix|scheme FMT [code N] [drop-query] [append-slash]
     * [set-cookie NAME[=VALUE] | clear-cookie NAME[=]]}: answers with a 3xx and a Location built
     * per request (turned into a {@link Return} by the rule runner); {@code cookie} is the
     * Set-Cookie value to add (HAProxy's "NAME=VALUE; path=/;" or "NAME=; path=/; Max-Age=0;"), or null.
     */
    record Redirect(RedirectType type, LogFormat target, int code, boolean dropQuery, boolean appendSlash, String cookie)
            implements HttpAction {

        /** A redirect without a cookie. */
        public Redirect(RedirectType type, LogFormat target, int code, boolean dropQuery, boolean appendSlash) {
            this(type, target, code, dropQuery, appendSlash, null);
        }

        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /** {@code set-header} (replace = true) or {@code add-header}: name and log-format value. */
    record SetHeader(String name, LogFormat value, boolean replace) implements HttpAction {
    }

    /**
     * {@code del-header NAME [-m str|beg|end|sub|reg]}: removes matching headers; {@code method}
     * is the match ("str" by default, case-insensitive), {@code regex} set for "reg".
     */
    record DelHeader(String name, String method, Pattern regex) implements HttpAction {
        /** {@code del-header NAME} with the default exact match. */
        public DelHeader(String name) {
            this(name, "str", null);
        }
    }

    /**
     * {@code replace-header NAME REGEX FMT} (whole header lines, {@code value} false) or
     * {@code replace-value NAME REGEX FMT} (each comma-separated value): a matching value is
     * replaced by FMT, where {@code \N} are the regex groups.
     */
    record ReplaceHeader(String name, Pattern regex, LogFormat replacement, boolean value) implements HttpAction {
    }

    /** The request-line part changed by {@code set-method}, {@code set-path}, {@code set-query}, {@code set-uri}. */
    enum LinePart { METHOD, PATH, QUERY, URI }

    /** {@code set-method|set-path|set-query|set-uri FMT}: the new value is forwarded to the server. */
    record SetLine(LinePart part, LogFormat value) implements HttpAction {
    }

    /** {@code set-var(NAME) EXPR}. */
    record SetVar(String name, SampleExpr expr) implements HttpAction {
    }

    /** {@code set-var-fmt(NAME) FMT}: the variable receives the rendered string. */
    record SetVarFmt(String name, LogFormat value) implements HttpAction {
    }

    /** {@code unset-var(NAME)}. */
    record UnsetVar(String name) implements HttpAction {
    }

    /** {@code set-log-level LEVEL}: "silent" or a syslog level, read by the access log. */
    record SetLogLevel(String level) implements HttpAction {
    }

    /** {@code http-response|http-after-response set-status N [reason TEXT]}. */
    record SetStatus(int status, String reason) implements HttpAction {
    }

    /** {@code lua.NAME [args]}: runs a registered Lua action. */
    record Lua(Registrations.Entry action, List<String> args) implements HttpAction {
    }
}

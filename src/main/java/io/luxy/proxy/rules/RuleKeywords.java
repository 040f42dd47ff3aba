package io.luxy.proxy.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.luxy.config.CfgParser;
import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Location;
import io.luxy.config.Section;

/**
 * Config-time checks of {@code http-request}, {@code http-response} and {@code http-after-response}
 * lines with HAProxy 2.6's messages (src/http_act.c, src/http_rules.c, src/vars.c), so that
 * {@code -c} refuses what {@code haproxy -c} refuses. The rules themselves are built by {@link RuleParser}.
 */
public final class RuleKeywords {

    /** HTTP status codes a deny may use without an errorfile (src/http_htx.c http_err_codes). */
    static final Set<Integer> ERR_CODES = Set.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429,
            500, 501, 502, 503, 504);

    /** The http-request actions Luxy implements, in HAProxy's listing order; '(*)' takes an argument in parentheses. */
    public static final List<String> HTTP_REQUEST_ACTIONS = List.of("set-log-level", "use-service", "add-header", "allow",
            "auth", "del-header", "deny", "redirect", "replace-header", "replace-value", "return", "set-header", "set-method",
            "set-path", "set-query", "set-uri", "set-var-fmt(*)", "set-var(*)", "unset-var(*)", "lua.*");

    /** The http-response actions Luxy implements, in HAProxy's listing order. */
    public static final List<String> HTTP_RESPONSE_ACTIONS = List.of("set-log-level", "add-header", "allow", "del-header",
            "deny", "redirect", "replace-header", "replace-value", "return", "set-header", "set-status", "set-var-fmt(*)", "set-var(*)",
            "unset-var(*)", "lua.*");

    /** The http-after-response actions Luxy implements, in HAProxy's listing order. */
    public static final List<String> HTTP_AFTER_RESPONSE_ACTIONS = List.of("add-header", "allow", "del-header",
            "replace-header", "replace-value", "set-header", "set-status", "set-var-fmt(*)", "set-var(*)", "unset-var(*)");

    /** Syslog level names accepted by {@code set-log-level}, plus "silent". */
    static final List<String> LOG_LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "silent");

    /** Header match methods of {@code del-header -m}. */
    static final List<String> DEL_HEADER_MATCHES = List.of("str", "beg", "end", "sub", "reg");

    private RuleKeywords() {
    }

    /** The actions of a rule set keyword ("http-request", "http-response", "http-after-response"). */
    public static List<String> actions(String ruleset) {
        return switch (ruleset) {
            case "http-request" -> HTTP_REQUEST_ACTIONS;
            case "http-response" -> HTTP_RESPONSE_ACTIONS;
            default -> HTTP_AFTER_RESPONSE_ACTIONS;
        };
    }

    /** The family of an action word: "set-var(*)" for "set-var(txn.x)", "lua.*" for "lua.x", else the word. */
    static String family(String action) {
        int p = action.indexOf('(');
        if (p > 0) {
            return action.substring(0, p) + "(*)";
        }
        return action.startsWith("lua.") ? "lua.*" : action;
    }

    /** The variable name inside {@code set-var(NAME)}. */
    static String varName(String action) {
        int p = action.indexOf('(');
        return action.substring(p + 1, action.endsWith(")") ? action.length() - 1 : action.length());
    }

    /** The error of a variable name (vars_check_arg), or null. */
    static String checkVarName(String var) {
        String scope = var.contains(".") ? var.substring(0, var.indexOf('.')) : var;
        if (List.of("proc", "sess", "txn", "req", "res", "check").contains(scope) && var.length() > scope.length() + 1) {
            return null;
        }
        return "invalid variable name '" + var + "'. A variable name must be start by its scope. "
                + "The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'.";
    }

    private static boolean isCond(String w) {
        return "if".equals(w) || "unless".equals(w);
    }

    private static boolean missing(Directive d, int i) {
        return d.arg(i) == null || isCond(d.arg(i));
    }

    /** Checks one {@code http-request}/{@code http-response}/{@code http-after-response} line. */
    public static void check(Directive d, Section s, Diagnostics diag) {
        String ruleset = d.keyword();
        String action = d.arg(0) == null ? "" : d.arg(0);
        Location loc = d.location();
        String ruleErr = "error detected in " + CfgParser.typeName(s.kind()) + " '" + s.name() + "' while parsing '" + ruleset + " "
                + action + "' rule : ";
        String family = family(action);
        if (!actions(ruleset).contains(family)) {
            diag.abort(loc, Diagnostic.Style.PARSING_TIGHT, "'" + ruleset + "' expects " + quoteList(actions(ruleset))
                    + ", but got '" + action + "'" + (action.isEmpty() ? " (missing argument)." : "."));
            return;
        }
        String err = null;
        int next = 1;
        switch (family) {
            case "allow" -> {
            }
            case "auth" -> {
                if ("realm".equals(d.arg(1))) {
                    // parse_http_auth's message ends with "\n", then the caller's "."
                    err = d.arg(2) == null || d.arg(2).isEmpty() ? "missing realm value.\n." : null;
                    next = 3;
                }
            }
            case "deny" -> {
                if ("deny_status".equals(d.arg(1))) {
                    int code = atoi(d.arg(2));
                    if (code < 200 || code > 599) {
                        err = "Unexpected status code '" + code + "'.";
                    } else if (!ERR_CODES.contains(code)) {
                        err = "status code '" + code + "' not handled by default with 'default-errorfiles' argument..";
                    }
                    next = 3;
                }
            }
            case "return" -> {
                int[] end = new int[1];
                err = returnOptions(d, end);
                next = end[0];
            }
            case "redirect" -> {
                int[] end = new int[1];
                err = redirectOptions(d, end, ruleset.equals("http-request"));
                next = end[0];
            }
            case "set-header", "add-header" -> {
                err = missing(d, 1) || missing(d, 2) ? "expects exactly 2 arguments." : null;
                next = 3;
            }
            case "del-header" -> {
                next = 2;
                if (missing(d, 1)) {
                    err = "expects at least 1 argument.";
                } else if ("-m".equals(d.arg(2))) {
                    String m = d.arg(3) == null ? "" : d.arg(3);
                    err = DEL_HEADER_MATCHES.contains(m) ? null : "-m with unsupported matching method '" + m + "'.";
                    next = 4;
                }
            }
            case "replace-header", "replace-value" -> {
                next = 4;
                if (missing(d, 1) || missing(d, 2) || missing(d, 3)) {
                    err = "expects exactly 3 arguments.";
                } else {
                    err = checkRegex(d.arg(2));
                }
            }
            case "set-method", "set-path", "set-query", "set-uri" -> {
                err = missing(d, 1) ? "expects exactly 1 argument <format>." : null;
                next = 2;
            }
            case "set-status" -> {
                if (missing(d, 1)) {
                    err = "expects 1 argument: <status>; or 3 arguments: <status> reason <fmt>.";
                } else {
                    int code = atoi(d.arg(1));
                    err = code < 100 || code > 999 ? "expects an integer status code between 100 and 999." : null;
                }
                next = 2;
                if ("reason".equals(d.arg(2)) && d.arg(3) != null) {
                    next = 4;
                }
            }
            case "set-log-level" -> {
                err = missing(d, 1) || !LOG_LEVELS.contains(d.arg(1)) ? "expects exactly 1 argument (log level name or 'silent')." : null;
                next = 2;
            }
            case "set-var(*)", "set-var-fmt(*)", "unset-var(*)" -> {
                err = checkVarName(varName(action));
                if (err == null && family.equals("set-var(*)") && missing(d, 1)) {
                    err = "missing fetch method.";
                }
                next = family.equals("unset-var(*)") ? 1 : 2;
            }
            case "use-service" -> {
                err = d.arg(1) == null ? "'use-service' expects a service name.." : null;
                next = 2;
            }
            case "lua.*" -> {
                while (d.arg(next) != null && !isCond(d.arg(next))) {
                    next++;
                }
            }
            default -> {
            }
        }
        if (err != null) {
            diag.abort(loc, Diagnostic.Style.PARSING, ruleErr + err);
            return;
        }
        if (d.arg(next) != null && !isCond(d.arg(next))) {
            diag.abort(loc, Diagnostic.Style.PARSING_TIGHT, "'" + ruleset + " " + action
                    + "' expects either 'if' or 'unless' followed by a condition but found '" + d.arg(next) + "'.");
        }
    }

    private static String checkRegex(String re) {
        try {
            Pattern.compile(re);
            return null;
        } catch (PatternSyntaxException e) {
            return "regex '" + re + "' is invalid (error=" + e.getDescription() + ", erroffset=" + e.getIndex() + ").";
        }
    }

    /** http_parse_redirect_rule's option loop; returns the error or null, {@code end[0]} = index after the options. */
    private static String redirectOptions(Directive d, int[] end, boolean request) {
        int i = 1;
        boolean typed = false;
        while (d.arg(i) != null && !isCond(d.arg(i))) {
            String o = d.arg(i);
            switch (o) {
                case "location", "prefix", "scheme", "set-cookie", "clear-cookie" -> {
                    if (d.arg(i + 1) == null) {
                        return "missing argument for '" + o + "'.";
                    }
                    if (!request && (o.equals("prefix") || o.equals("scheme"))) {
                        return "response only supports redirect type 'location'.";
                    }
                    typed |= !o.endsWith("cookie");
                    i += 2;
                }
                case "code" -> {
                    if (d.arg(i + 1) == null) {
                        return "missing HTTP code.";
                    }
                    int code = atoi(d.arg(i + 1));
                    if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
                        return "'code': unsupported HTTP code '" + d.arg(i + 1) + "' (must be one of 301, 302, 303, 307 or 308).";
                    }
                    i += 2;
                }
                case "drop-query", "append-slash", "ignore-empty" -> i++;
                default -> {
                    return "expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', "
                            + "'ignore-empty' or 'append-slash' (was '" + o + "').";
                }
            }
        }
        end[0] = i;
        return typed ? null : "redirection type expected ('prefix', 'location', or 'scheme').";
    }

    /** Checks {@code return} options; returns the error or null, {@code end[0]} = index after them. */
    private static String returnOptions(Directive d, int[] end) {
        int i = 1;
        boolean contentType = false;
        boolean payload = false;
        end[0] = 1;
        while (d.arg(i) != null && !isCond(d.arg(i))) {
            String opt = d.arg(i);
            switch (opt) {
                case "status" -> {
                    int code = atoi(d.arg(i + 1));
                    if (code < 200 || code > 599) {
                        return "Unexpected status code '" + code + "'.";
                    }
                    i += 2;
                }
                case "content-type" -> {
                    if (d.arg(i + 1) == null) {
                        return "'content-type' expects <type> as argument.";
                    }
                    contentType = true;
                    i += 2;
                }
                case "string", "lf-string", "file", "lf-file", "errorfile", "errorfiles" -> {
                    if (d.arg(i + 1) == null || d.arg(i + 1).isEmpty()) {
                        return "'" + opt + "' expects <" + (opt.contains("string") ? "str" : "file") + "> as argument.";
                    }
                    if ((opt.equals("file") || opt.equals("lf-file") || opt.equals("errorfile")) && !Files.isReadable(Path.of(d.arg(i + 1)))) {
                        return "error opening file '" + d.arg(i + 1) + "'.";
                    }
                    payload = !opt.startsWith("error") && !d.arg(i + 1).isEmpty();
                    i += 2;
                }
                case "hdr" -> {
                    if (d.arg(i + 1) == null || d.arg(i + 2) == null) {
                        return "'hdr' expects <name> and <value> as arguments.";
                    }
                    i += 3;
                }
                case "default-errorfiles" -> i++;
                default -> {
                    end[0] = i;
                    return null;
                }
            }
        }
        end[0] = i;
        if (payload && !contentType) {
            return "a content type must be defined when non-empty payload is configured.";
        }
        return null;
    }

    private static String quoteList(List<String> words) {
        return String.join(", ", words.stream().map(w -> "'" + w + "'").toList());
    }

    /** C's atoi(): leading digits, 0 when none. */
    public static int atoi(String s) {
        if (s == null) {
            return 0;
        }
        int i = 0;
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}

package io.luxy.proxy.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.lua.engine.Registrations;
import io.luxy.sample.Acl;
import io.luxy.sample.Condition;
import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleExpr;
import io.luxy.sample.SampleParseException;
import io.luxy.sample.SampleRegistry;

/**
 * Turns one proxy section's {@code acl}, {@code http-request}, {@code tcp-request content} and
 * {@code use_backend} lines into rules, resolving Lua names against the generation's
 * registrations. Errors use HAProxy 2.6's sentences, e.g.
 * {@code error detected in frontend 'f' while parsing 'http-request use-service' rule : 'lua.x' unknown service name..}.
 */
public final class RuleParser {

    private final Section section;
    private final LuaRuntime lua;
    private final Map<String, Acl> acls;
    private final Diagnostics diag;
    private final SampleRegistry samples;

    /** A parser over the Lua runtime's sample registry. */
    public RuleParser(Section section, LuaRuntime lua, Map<String, Acl> acls, Diagnostics diag) {
        this(section, lua, acls, diag, lua.configSamples());
    }

    /** A parser over {@code samples}, e.g. the generation's registry with backend lookups and maps. */
    public RuleParser(Section section, LuaRuntime lua, Map<String, Acl> acls, Diagnostics diag, SampleRegistry samples) {
        this.section = section;
        this.lua = lua;
        this.acls = acls;
        this.diag = diag;
        this.samples = samples;
    }

    /** The sample registry rules are parsed with. */
    public SampleRegistry samples() {
        return samples;
    }

    /** Parses an {@code acl NAME criterion [flags] [values]} line into the section's named ACLs. */
    public void acl(Directive d) {
        if (d.args().size() < 2) {
            diag.alert(d.location(), "'acl' expects an ACL name and a criterion.");
            return;
        }
        try {
            Acl previous = acls.get(d.arg(0));
            Acl acl = Acl.parse(d.arg(0), d.args().subList(1, d.args().size()), samples);
            acls.put(d.arg(0), previous == null ? acl : previous.or(acl));
        } catch (SampleParseException e) {
            diag.alert(d.location(), "error detected while parsing ACL '" + d.arg(0) + "' : " + e.getMessage() + ".");
        }
    }

    /** The condition starting at argument {@code from} ({@code if}/{@code unless} …), or null when none. */
    public Condition condition(Directive d, int from) {
        for (int i = from; i < d.args().size(); i++) {
            String w = d.arg(i);
            if (w.equals("if") || w.equals("unless")) {
                try {
                    return Condition.parse(w, d.args().subList(i + 1, d.args().size()), acls, samples);
                } catch (SampleParseException e) {
                    diag.alert(d.location(), "error detected while parsing '" + d.keyword() + "' condition : " + e.getMessage());
                    return null;
                }
            }
        }
        return null;
    }

    private static List<String> actionWords(Directive d, int from) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < d.args().size(); i++) {
            String w = d.arg(i);
            if (w.equals("if") || w.equals("unless")) {
                break;
            }
            out.add(w);
        }
        return out;
    }

    private String where() {
        return section.kind().keyword() + " '" + section.name() + "'";
    }

    /** The section's {@code http-request} rules in order (lines with errors are left out). */
    public List<HttpRule> httpRules() {
        return httpRules("http-request");
    }

    /** The section's {@code http-response} rules, in order (HAProxy doc/configuration.txt 4.2 "http-response"). */
    public List<HttpRule> httpResponseRules() {
        return httpRules("http-response");
    }

    /** The section's {@code http-after-response} rules, in order. */
    public List<HttpRule> httpAfterResponseRules() {
        return httpRules("http-after-response");
    }

    private List<HttpRule> httpRules(String ruleset) {
        List<HttpRule> out = new ArrayList<>();
        for (Directive d : section.all(ruleset)) {
            List<String> w = actionWords(d, 0);
            if (w.isEmpty() || !RuleKeywords.actions(ruleset).contains(RuleKeywords.family(w.get(0)))) {
                continue; // refused by RuleKeywords at parse time
            }
            HttpAction a = httpAction(d, w, ruleset);
            if (a != null) {
                out.add(new HttpRule(a, condition(d, w.size()), d.location()));
            }
        }
        return List.copyOf(out);
    }

    private LogFormat fmt(String text) throws SampleParseException {
        return LogFormat.parse(text, samples, LogFormat.Mode.HTTP);
    }

    private HttpAction httpAction(Directive d, List<String> w, String ruleset) {
        String kw = w.get(0);
        try {
            switch (RuleKeywords.family(kw)) {
                case "use-service": {
                    if (w.size() > 1 && w.get(1).equals(HttpAction.BuiltinService.PROMETHEUS_EXPORTER)) {
                        return new HttpAction.BuiltinService(w.get(1));
                    }
                    Registrations.Entry e = service(d, w, ruleset);
                    if (e != null && !"http".equals(e.mode())) {
                        diag.alert(d.location(), "Lua TCP services cannot be used on HTTP proxies");
                        return null;
                    }
                    return e == null ? null : new HttpAction.UseService(e);
                }
                case "deny":
                    return new HttpAction.Deny(w.size() >= 3 && w.get(1).equals("deny_status") ? Integer.parseInt(w.get(2))
                            : ruleset.equals("http-request") ? 403 : 502);
                case "allow":
                    return new HttpAction.Allow();
                case "auth":
                    return auth(w, section.name());
                case "return":
                    return returnAction(w);
                case "redirect":
                    return redirect(w);
                case "set-header":
                case "add-header":
                    return new HttpAction.SetHeader(w.get(1), fmt(w.get(2)), kw.equals("set-header"));
                case "del-header": {
                    String m = w.size() > 3 && w.get(2).equals("-m") ? w.get(3) : "str";
                    return new HttpAction.DelHeader(w.get(1), m, m.equals("reg") ? Pattern.compile(w.get(1)) : null);
                }
                case "replace-header":
                case "replace-value":
                    return new HttpAction.ReplaceHeader(w.get(1), Pattern.compile(w.get(2)), fmt(w.get(3)), kw.equals("replace-value"));
                case "set-method":
                case "set-path":
                case "set-query":
                case "set-uri":
                    return new HttpAction.SetLine(HttpAction.LinePart.valueOf(kw.substring(4).toUpperCase(java.util.Locale.ROOT)), fmt(w.get(1)));
                case "set-status":
                    return new HttpAction.SetStatus(Integer.parseInt(w.get(1)), w.size() > 3 && w.get(2).equals("reason") ? w.get(3) : null);
                case "set-log-level":
                    return new HttpAction.SetLogLevel(w.get(1));
                case "set-var(*)":
                    return new HttpAction.SetVar(RuleKeywords.varName(kw), SampleExpr.parse(String.join(" ", w.subList(1, w.size())), samples));
                case "set-var-fmt(*)":
                    return new HttpAction.SetVarFmt(RuleKeywords.varName(kw), fmt(w.size() > 1 ? w.get(1) : ""));
                case "unset-var(*)":
                    return new HttpAction.UnsetVar(RuleKeywords.varName(kw));
                case "lua.*":
                    return luaAction(d, w, ruleset);
                default:
                    break;
            }
        } catch (SampleParseException e) {
            diag.alert(d.location(), "error detected in " + where() + " while parsing '" + ruleset + " " + kw + "' rule : " + e.getMessage() + ".");
            return null;
        } catch (IOException e) {
            diag.alert(d.location(), "error detected in " + where() + " while parsing '" + ruleset + " " + kw + "' rule : "
                    + "error opening file '" + e.getMessage() + "'.");
            return null;
        } catch (RuntimeException e) {
            diag.alert(d.location(), "error detected in " + where() + " while parsing '" + ruleset + " " + kw + "' rule : invalid arguments.");
            return null;
        }
        diag.alert(d.location(), "'" + ruleset + " " + kw + "' is not supported by Luxy yet.");
        return null;
    }

    private HttpAction luaAction(Directive d, List<String> w, String ruleset) {
        String kw = w.get(0);
        String type = switch (ruleset) {
            case "http-request" -> "http-req";
            case "http-response" -> "http-res";
            default -> "http-after-res";
        };
        Registrations.Entry e = lua.registrations().get(Registrations.Kind.ACTION, kw.substring(4));
        if (e == null || !e.actionTypes().contains(type)) {
            diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT, "'" + ruleset + "' expects "
                    + String.join(", ", RuleKeywords.actions(ruleset).stream().filter(x -> !x.equals("lua.*")).map(x -> "'" + x + "'").toList())
                    + ", but got '" + kw + "'.");
            return null;
        }
        List<String> args = w.subList(1, w.size());
        if (args.size() < e.nbArgs()) {
            diag.alert(d.location(), "'" + ruleset + " " + kw + "' expect " + e.nbArgs() + " arguments.");
            return null;
        }
        return new HttpAction.Lua(e, List.copyOf(args));
    }

    /** HAProxy's default realm of the stats page (STATS_DEFAULT_REALM). */
    public static final String STATS_REALM = "HAProxy Statistics";

    /**
     * A {@code stats http-request allow|deny|auth [realm R] [if|unless COND]} rule (doc/configuration.txt
     * 4.2 "stats http-request"); an auth without realm uses {@link #STATS_REALM}. Null (with
     * HAProxy's alert) for another action.
     */
    public HttpRule statsRule(Directive d) {
        List<String> w = actionWords(d, 1);
        HttpAction a = w.isEmpty() ? null : switch (w.get(0)) {
            case "allow" -> new HttpAction.Allow();
            case "deny" -> new HttpAction.Deny(403);
            case "auth" -> auth(w, STATS_REALM);
            default -> null;
        };
        if (a == null) {
            diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT, "'stats http-request' supports 'allow', 'deny' and 'auth' in Luxy, but got '"
                    + (w.isEmpty() ? "" : w.get(0)) + "'.");
            return null;
        }
        return new HttpRule(a, condition(d, w.size() + 1), d.location());
    }

    /** {@code auth [realm R]}: the realm, else {@code defaultRealm} (the proxy name, or the stats realm). */
    private static HttpAction.Auth auth(List<String> w, String defaultRealm) {
        return new HttpAction.Auth(w.size() > 2 && w.get(1).equals("realm") ? w.get(2) : defaultRealm);
    }

    /** http_parse_redirect_rule: type and target, then code, drop-query, append-slash, set-cookie/clear-cookie (the last wins). */
    private HttpAction redirect(List<String> w) throws SampleParseException {
        HttpAction.RedirectType type = null;
        String target = null;
        int code = 302;
        boolean dropQuery = false;
        boolean appendSlash = false;
        String cookie = null;
        for (int i = 1; i < w.size(); i++) {
            switch (w.get(i)) {
                case "location", "prefix", "scheme" -> {
                    type = HttpAction.RedirectType.valueOf(w.get(i).toUpperCase(java.util.Locale.ROOT));
                    target = w.get(++i);
                }
                case "code" -> code = Integer.parseInt(w.get(++i));
                case "drop-query" -> dropQuery = true;
                case "append-slash" -> appendSlash = true;
                case "set-cookie" -> cookie = w.get(++i) + "; path=/;";
                case "clear-cookie" -> cookie = w.get(++i) + "; path=/; Max-Age=0;";
                default -> {
                }
            }
        }
        return new HttpAction.Redirect(type, fmt(target), code, dropQuery, appendSlash, cookie);
    }

    private HttpAction returnAction(List<String> w) throws SampleParseException, IOException {
        int status = 200;
        String type = null;
        LogFormat body = null;
        List<HttpAction.Header> headers = new ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
            switch (w.get(i)) {
                case "status" -> status = Integer.parseInt(w.get(++i));
                case "content-type" -> type = w.get(++i);
                case "string" -> body = LogFormat.literal(w.get(++i), LogFormat.Mode.HTTP);
                case "lf-string" -> body = fmt(w.get(++i));
                case "file" -> body = LogFormat.literal(readFile(w.get(++i)), LogFormat.Mode.HTTP);
                case "lf-file" -> body = fmt(readFile(w.get(++i)));
                case "hdr" -> {
                    String name = w.get(++i);
                    headers.add(new HttpAction.Header(name, fmt(w.get(++i))));
                }
                case "default-errorfiles" -> {
                }
                default -> throw new SampleParseException("unexpected keyword '" + w.get(i) + "'");
            }
        }
        // HAProxy drops the content-type of a reply without payload (with a warning at parse time).
        return new HttpAction.Return(status, body == null ? null : type, body, List.copyOf(headers));
    }

    private static String readFile(String path) throws IOException {
        try {
            return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IOException(path, e);
        }
    }

    private Registrations.Entry service(Directive d, List<String> w, String ruleset) {
        String name = w.size() > 1 ? w.get(1) : "";
        Registrations.Entry e = name.startsWith("lua.") ? lua.registrations().get(Registrations.Kind.SERVICE, name.substring(4)) : null;
        if (e == null) {
            diag.alert(d.location(), "error detected in " + where() + " while parsing '" + ruleset + " use-service' rule : '"
                    + name + "' unknown service name..");
        }
        return e;
    }

    /** The section's {@code tcp-request content} rules in order. */
    public List<TcpRule> tcpRules() {
        List<TcpRule> out = new ArrayList<>();
        for (Directive d : section.all("tcp-request")) {
            if (!"content".equals(d.arg(0))) {
                continue;
            }
            List<String> w = actionWords(d, 1);
            if (w.isEmpty()) {
                continue;
            }
            TcpAction a = tcpAction(d, w);
            if (a != null) {
                out.add(new TcpRule(a, condition(d, w.size() + 1), d.location()));
            }
        }
        return List.copyOf(out);
    }

    private TcpAction tcpAction(Directive d, List<String> w) {
        String kw = w.get(0);
        switch (kw) {
            case "use-service": {
                Registrations.Entry e = service(d, w, "tcp-request content");
                if (e != null && !"tcp".equals(e.mode())) {
                    diag.alert(d.location(), "HTTP applets are forbidden from 'tcp-request' rulesets");
                    return null;
                }
                return e == null ? null : new TcpAction.UseService(e);
            }
            case "accept":
                return new TcpAction.Accept();
            case "reject":
                return new TcpAction.Reject();
            default:
                if (kw.startsWith("lua.")) {
                    Registrations.Entry e = lua.registrations().get(Registrations.Kind.ACTION, kw.substring(4));
                    if (e == null || !e.actionTypes().contains("tcp-req")) {
                        diag.alert(d.location(), "'tcp-request content' : unknown action '" + kw + "'.");
                        return null;
                    }
                    return new TcpAction.Lua(e, List.copyOf(w.subList(1, w.size())));
                }
                diag.alert(d.location(), "'tcp-request content " + kw + "' is not supported by Luxy yet.");
                return null;
        }
    }

    /**
     * The section's {@code tcp-response content} rules in order: accept, reject, close and Lua
     * actions registered for "tcp-res" (HAProxy doc/configuration.txt 4.2 "tcp-response content").
     */
    public List<TcpRule> tcpResponseRules() {
        List<TcpRule> out = new ArrayList<>();
        for (Directive d : section.all("tcp-response")) {
            List<String> w = "content".equals(d.arg(0)) ? actionWords(d, 1) : List.of();
            TcpAction a = w.isEmpty() ? null : switch (w.get(0)) {
                case "accept" -> new TcpAction.Accept();
                case "reject" -> new TcpAction.Reject();
                case "close" -> new TcpAction.Close();
                default -> {
                    String kw = w.get(0);
                    Registrations.Entry e = kw.startsWith("lua.") ? lua.registrations().get(Registrations.Kind.ACTION, kw.substring(4)) : null;
                    if (e == null || !e.actionTypes().contains("tcp-res")) {
                        diag.alert(d.location(), "'tcp-response content' : unknown action '" + kw + "'.");
                        yield null;
                    }
                    yield new TcpAction.Lua(e, List.copyOf(w.subList(1, w.size())));
                }
            };
            if (a != null) {
                out.add(new TcpRule(a, condition(d, w.size() + 1), d.location()));
            }
        }
        return List.copyOf(out);
    }

    /** The section's {@code tcp-request connection} rules (accept, reject), in order. */
    public List<TcpRule> tcpConnectionRules() {
        List<TcpRule> out = new ArrayList<>();
        for (Directive d : section.all("tcp-request")) {
            if (!"connection".equals(d.arg(0))) {
                continue;
            }
            List<String> w = actionWords(d, 1);
            TcpAction a = w.isEmpty() ? null : switch (w.get(0)) {
                case "accept" -> new TcpAction.Accept();
                case "reject" -> new TcpAction.Reject();
                default -> null;
            };
            if (a != null) {
                out.add(new TcpRule(a, condition(d, w.size() + 1), d.location()));
            }
        }
        return List.copyOf(out);
    }
}

package io.luxy.proxy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    public RuleParser(Section section, LuaRuntime lua, Map<String, Acl> acls, Diagnostics diag) {
        this.section = section;
        this.lua = lua;
        this.acls = acls;
        this.diag = diag;
        this.samples = lua.configSamples();
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
        List<HttpRule> out = new ArrayList<>();
        for (Directive d : section.all("http-request")) {
            List<String> w = actionWords(d, 0);
            if (w.isEmpty()) {
                continue;
            }
            HttpAction a = httpAction(d, w);
            if (a != null) {
                out.add(new HttpRule(a, condition(d, w.size()), d.location()));
            }
        }
        return List.copyOf(out);
    }

    private HttpAction httpAction(Directive d, List<String> w) {
        String kw = w.get(0);
        try {
            if (kw.equals("use-service")) {
                Registrations.Entry e = service(d, w, "http-request");
                if (e != null && !"http".equals(e.mode())) {
                    diag.alert(d.location(), "Lua TCP services cannot be used on HTTP proxies");
                    return null;
                }
                return e == null ? null : new HttpAction.UseService(e);
            }
            if (kw.equals("deny")) {
                int status = 403;
                if (w.size() >= 3 && w.get(1).equals("deny_status")) {
                    status = Integer.parseInt(w.get(2));
                }
                return new HttpAction.Deny(status);
            }
            if (kw.equals("allow")) {
                return new HttpAction.Allow();
            }
            if (kw.equals("return")) {
                return returnAction(w);
            }
            if (kw.equals("set-header") || kw.equals("add-header")) {
                return new HttpAction.SetHeader(w.get(1), LogFormat.parse(String.join(" ", w.subList(2, w.size())), samples, LogFormat.Mode.HTTP),
                        kw.equals("set-header"));
            }
            if (kw.equals("del-header")) {
                return new HttpAction.DelHeader(w.get(1));
            }
            if (kw.startsWith("set-var(") && kw.endsWith(")")) {
                return new HttpAction.SetVar(kw.substring(8, kw.length() - 1), SampleExpr.parse(String.join(" ", w.subList(1, w.size())), samples));
            }
            if (kw.startsWith("lua.")) {
                Registrations.Entry e = lua.registrations().get(Registrations.Kind.ACTION, kw.substring(4));
                if (e == null || !e.actionTypes().contains("http-req")) {
                    diag.alert(null, "parsing [" + d.location() + "]: 'http-request' expects 'wait-for-handshake', 'ot-group', "
                            + "'set-log-level', 'set-nice', 'use-service', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', "
                            + "'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'do-resolve(*)', 'cache-use', 'add-acl(*)', "
                            + "'add-header', 'allow', 'auth', 'capture', 'del-acl(*)', 'del-header', 'del-map(*)', 'deny', "
                            + "'disable-l7-retry', 'early-hint', 'normalize-uri', 'redirect', 'reject', 'replace-header', "
                            + "'replace-path', 'replace-pathq', 'replace-uri', 'replace-value', 'return', 'set-header', "
                            + "'set-map(*)', 'set-method', 'set-path', 'set-pathq', 'set-query', 'set-uri', 'strict-mode', "
                            + "'tarpit', 'track-sc(*)', 'set-timeout', 'wait-for-body', 'set-var-fmt(*)', 'set-var(*)', "
                            + "'unset-var(*)', 'set-dst', 'set-dst-port', 'set-mark', 'set-src', 'set-src-port', 'set-tos', "
                            + "'silent-drop', 'set-priority-class', 'set-priority-offset', but got '" + kw + "'.");
                    return null;
                }
                List<String> args = w.subList(1, w.size());
                if (args.size() < e.nbArgs()) {
                    diag.alert(d.location(), "'http-request " + kw + "' expect " + e.nbArgs() + " arguments.");
                    return null;
                }
                return new HttpAction.Lua(e, List.copyOf(args));
            }
        } catch (SampleParseException e) {
            diag.alert(d.location(), "error detected in " + where() + " while parsing 'http-request " + kw + "' rule : " + e.getMessage() + ".");
            return null;
        } catch (RuntimeException e) {
            diag.alert(d.location(), "error detected in " + where() + " while parsing 'http-request " + kw + "' rule : invalid arguments.");
            return null;
        }
        diag.alert(d.location(), "'http-request " + kw + "' is not supported by Luxy yet.");
        return null;
    }

    private HttpAction returnAction(List<String> w) throws SampleParseException {
        int status = 200;
        String type = null;
        LogFormat body = null;
        List<HttpAction.Header> headers = new ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
            switch (w.get(i)) {
                case "status" -> status = Integer.parseInt(w.get(++i));
                case "content-type" -> type = w.get(++i);
                case "string" -> body = LogFormat.parse(w.get(++i).replace("%", "%%"), samples, LogFormat.Mode.HTTP);
                case "lf-string" -> body = LogFormat.parse(w.get(++i), samples, LogFormat.Mode.HTTP);
                case "hdr" -> {
                    String name = w.get(++i);
                    headers.add(new HttpAction.Header(name, LogFormat.parse(w.get(++i), samples, LogFormat.Mode.HTTP)));
                }
                default -> throw new SampleParseException("unexpected keyword '" + w.get(i) + "'");
            }
        }
        return new HttpAction.Return(status, type, body, List.copyOf(headers));
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

    /** The section's {@code http-response} rules, in order (HAProxy doc/configuration.txt 4.2 "http-response"). */
    public List<HttpRule> httpResponseRules() {
        return List.of();
    }

    /** The section's {@code http-after-response} rules, in order. */
    public List<HttpRule> httpAfterResponseRules() {
        return List.of();
    }

    /** The section's {@code tcp-request connection} rules, in order. */
    public List<TcpRule> tcpConnectionRules() {
        return List.of();
    }
}

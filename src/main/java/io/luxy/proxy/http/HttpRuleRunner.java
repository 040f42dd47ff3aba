package io.luxy.proxy.http;

import java.util.List;
import java.util.Map;

import io.luxy.lua.api.Act;
import io.luxy.lua.bind.LuaActions;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.rules.HeaderEdits;
import io.luxy.proxy.rules.HttpAction;
import io.luxy.proxy.rules.HttpRule;
import io.luxy.proxy.rules.Redirects;
import io.luxy.sample.Sample;

/**
 * Evaluates one {@code http-request}, {@code http-response} or {@code http-after-response} rule
 * set over a stream, in order, as HAProxy does: header, request-line and variable actions change
 * the stream and go on, {@code allow} ends the set, and the first final action (service, deny,
 * return, redirect, a Lua action's DENY/ERROR/DONE…) is returned as the verdict; a redirect comes
 * back as the equivalent {@link HttpAction.Return}. May run Lua, so it runs on a virtual thread
 * when the rule set uses Lua.
 */
final class HttpRuleRunner {

    /** What a rule set decided: go on (null action) or a final action. */
    record Verdict(HttpAction action, int status) {
        static final Verdict CONTINUE = new Verdict(null, 0);

        static Verdict error(int status) {
            return new Verdict(new HttpAction.Deny(status), status);
        }
    }

    private HttpRuleRunner() {
    }

    /** Runs {@code http-request} rules over the request of {@code s}. */
    static Verdict run(List<HttpRule> rules, HttpStream s, LuaRuntime lua) {
        return evaluate(rules, s, lua, s.headers(), true);
    }

    /**
     * Evaluates {@code http-response} (or {@code http-after-response}) rules over a stream whose
     * response status and headers are set ({@link HttpStream#response}); header actions change
     * {@link HttpStream#responseHeaders()}, {@code set-status} the status and reason, and a final
     * verdict (deny, return…) replaces the response.
     */
    static Verdict runResponse(List<HttpRule> rules, HttpStream s, LuaRuntime lua) {
        return evaluate(rules, s, lua, s.responseHeaders(), false);
    }

    /**
     * True when a response of {@code s} meets response rules: its backend's (when one was chosen)
     * or its frontend's {@code http-response}, or the frontend's {@code http-after-response}.
     */
    static boolean hasResponseRules(HttpStream s) {
        Frontend fe = s.frontend();
        Backend be = s.backend();
        return !fe.httpResponseRules().isEmpty() || !fe.httpAfterResponseRules().isEmpty()
                || (be != null && !be.httpResponseRules().isEmpty());
    }

    /**
     * The response path of HAProxy 2.6 over a response from a server or an applet (a Lua service):
     * the backend's {@code http-response} rules (when a backend was chosen), then the frontend's,
     * then the frontend's {@code http-after-response}; the first final verdict stops the chain and
     * replaces the response (HAProxy doc/configuration.txt 4.2 "http-response" and
     * "http-after-response"). May run Lua: call it on a virtual thread when the frontend needs Lua.
     */
    static Verdict runResponseChain(HttpStream s, LuaRuntime lua) {
        Verdict v = Verdict.CONTINUE;
        Backend be = s.backend();
        if (be != null) {
            v = runResponse(be.httpResponseRules(), s, lua);
        }
        if (v.action() == null) {
            v = runResponse(s.frontend().httpResponseRules(), s, lua);
        }
        if (v.action() == null) {
            v = runResponse(s.frontend().httpAfterResponseRules(), s, lua);
        }
        return v;
    }

    private static Verdict evaluate(List<HttpRule> rules, HttpStream s, LuaRuntime lua, List<Map.Entry<String, String>> headers,
            boolean request) {
        for (HttpRule r : rules) {
            if (r.condition() != null && !r.condition().test(s)) {
                continue;
            }
            HttpAction a = r.action();
            switch (a) {
                case HttpAction.Allow allow -> {
                    return Verdict.CONTINUE;
                }
                case HttpAction.SetHeader sh -> HeaderEdits.set(headers, sh.name(), sh.value().render(s), sh.replace());
                case HttpAction.DelHeader dh -> HeaderEdits.delete(headers, dh);
                case HttpAction.ReplaceHeader rh -> HeaderEdits.replace(headers, rh, s);
                case HttpAction.SetLine sl -> setLine(s, sl);
                case HttpAction.SetStatus st -> s.responseStatus(st.status(), st.reason());
                case HttpAction.SetLogLevel ll -> s.logLevel(ll.level());
                case HttpAction.SetVar sv -> {
                    Sample v = sv.expr().eval(s);
                    if (v != null) {
                        s.vars().set(sv.name(), v);
                    }
                }
                case HttpAction.SetVarFmt sv -> s.vars().set(sv.name(), Sample.str(sv.value().render(s)));
                case HttpAction.UnsetVar uv -> s.vars().unset(uv.name());
                case HttpAction.Redirect rd -> {
                    return new Verdict(Redirects.reply(rd, s), rd.code());
                }
                case HttpAction.Lua la -> {
                    Verdict v = lua(la, s, lua, request);
                    if (v != null) {
                        return v;
                    }
                }
                default -> {
                    return new Verdict(a, 0);
                }
            }
        }
        return Verdict.CONTINUE;
    }

    /** Runs a Lua action; null to go on, else the verdict its act.* result means (403/502 for DENY). */
    private static Verdict lua(HttpAction.Lua la, HttpStream s, LuaRuntime lua, boolean request) {
        LuaActions.Outcome out = LuaActions.runAction(lua, la.action(), s, la.args(), s.threadIndex(), !request);
        if (out.reply() != null) { // txn:done(reply)
            var r = out.reply();
            return new Verdict(new HttpAction.LuaReply(r.status(), r.reason(), r.headers(), r.body()), r.status());
        }
        Act.Result res = out.result();
        return switch (res) {
            case DENY -> Verdict.error(request ? 403 : 502);
            case ERROR -> Verdict.error(500);
            case INVALID -> Verdict.error(400);
            case DONE, ABORT -> new Verdict(new HttpAction.Close(), 0);
            case STOP -> Verdict.CONTINUE;
            default -> null;
        };
    }

    /** http_req_replace_stline: set-method, set-uri, set-path (query kept), set-query ('?' added only for a non-empty query). */
    private static void setLine(HttpStream s, HttpAction.SetLine sl) {
        String v = sl.value().render(s);
        switch (sl.part()) {
            case METHOD -> s.method(v);
            case URI -> s.uri(v);
            case PATH -> {
                String u = s.uri();
                int q = u.indexOf('?');
                s.uri(q < 0 ? v : v + u.substring(q));
            }
            case QUERY -> {
                String u = s.uri();
                int q = u.indexOf('?');
                String path = q < 0 ? u : u.substring(0, q);
                s.uri(q >= 0 || !v.isEmpty() ? path + "?" + v : path);
            }
        }
    }

    static void removeHeader(List<Map.Entry<String, String>> headers, String name) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
    }
}

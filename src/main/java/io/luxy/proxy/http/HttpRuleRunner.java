package io.luxy.proxy.http;

import java.util.List;
import java.util.Map;

import io.luxy.lua.api.Act;
import io.luxy.lua.bind.LuaActions;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.rules.HttpAction;
import io.luxy.proxy.rules.HttpRule;
import io.luxy.sample.Sample;

/**
 * Evaluates one {@code http-request} rule set over a stream, in order, as HAProxy does: header
 * and variable actions change the stream and go on, {@code allow} ends the set, and the first
 * final action (service, deny, return, a Lua action's DENY/ERROR/DONE…) is returned as the
 * verdict. May run Lua, so it runs on a virtual thread when the rule set uses Lua.
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

    static Verdict run(List<HttpRule> rules, HttpStream s, LuaRuntime lua) {
        for (HttpRule r : rules) {
            if (r.condition() != null && !r.condition().test(s)) {
                continue;
            }
            HttpAction a = r.action();
            switch (a) {
                case HttpAction.Allow allow -> {
                    return Verdict.CONTINUE;
                }
                case HttpAction.SetHeader sh -> {
                    String v = sh.value().render(s);
                    if (sh.replace()) {
                        removeHeader(s.headers(), sh.name());
                    }
                    s.headers().add(Map.entry(sh.name(), v));
                }
                case HttpAction.DelHeader dh -> removeHeader(s.headers(), dh.name());
                case HttpAction.SetVar sv -> {
                    Sample v = sv.expr().eval(s);
                    if (v != null) {
                        s.vars().set(sv.name(), v);
                    }
                }
                case HttpAction.Lua la -> {
                    Act.Result res = LuaActions.run(lua, la.action(), s, la.args(), s.threadIndex());
                    switch (res) {
                        case DENY -> {
                            return Verdict.error(403);
                        }
                        case ERROR -> {
                            return Verdict.error(500);
                        }
                        case INVALID -> {
                            return Verdict.error(400);
                        }
                        case DONE, ABORT -> {
                            return new Verdict(new HttpAction.Close(), 0);
                        }
                        case STOP -> {
                            return Verdict.CONTINUE;
                        }
                        default -> {
                        }
                    }
                }
                default -> {
                    return new Verdict(a, 0);
                }
            }
        }
        return Verdict.CONTINUE;
    }

    /**
     * Evaluates {@code http-response} (or {@code http-after-response}) rules over a stream whose
     * response status and headers are set ({@link HttpStream#response}); a final verdict
     * (deny…) replaces the response.
     */
    static Verdict runResponse(List<HttpRule> rules, HttpStream s, LuaRuntime lua) {
        return Verdict.CONTINUE;
    }

    static void removeHeader(List<Map.Entry<String, String>> headers, String name) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
    }
}

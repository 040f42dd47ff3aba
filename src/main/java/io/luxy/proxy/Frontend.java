package io.luxy.proxy;

import java.util.List;

import io.luxy.proxy.http.ErrorFiles;
import io.luxy.proxy.log.AccessLog;
import io.luxy.proxy.rules.BackendSwitch;
import io.luxy.proxy.rules.HttpRule;
import io.luxy.proxy.rules.TcpRule;

/**
 * A frontend (or the frontend half of a listen section). {@code mode} is the effective mode of
 * the listener: a tcp frontend whose traffic can only go to an http backend is served as HTTP,
 * as HAProxy 2.x upgrades such streams. Rules come in HAProxy's evaluation order:
 * {@code tcp-request connection}, {@code tcp-request content}, {@code http-request},
 * {@code http-response}, {@code http-after-response}. {@code needsLua} is true when any rule on
 * its path runs Lua, so requests are processed on virtual threads. {@code counters} are its
 * statistics ({@code show stat}).
 */
public record Frontend(String name, int id, Mode mode, List<Bind> binds, List<TcpRule> tcpConnectionRules,
                       List<TcpRule> tcpRules, List<HttpRule> httpRules, List<HttpRule> httpResponseRules,
                       List<HttpRule> httpAfterResponseRules, List<BackendSwitch> switches, Backend defaultBackend,
                       Timeouts timeouts, FrontendOptions options, AccessLog log, ErrorFiles errors, boolean needsLua,
                       ProxyCounters counters) {

    /** A frontend with fresh statistics counters. */
    public Frontend(String name, int id, Mode mode, List<Bind> binds, List<TcpRule> tcpConnectionRules,
                    List<TcpRule> tcpRules, List<HttpRule> httpRules, List<HttpRule> httpResponseRules,
                    List<HttpRule> httpAfterResponseRules, List<BackendSwitch> switches, Backend defaultBackend,
                    Timeouts timeouts, FrontendOptions options, AccessLog log, ErrorFiles errors, boolean needsLua) {
        this(name, id, mode, binds, tcpConnectionRules, tcpRules, httpRules, httpResponseRules, httpAfterResponseRules,
                switches, defaultBackend, timeouts, options, log, errors, needsLua, new ProxyCounters());
    }

    /**
     * The backend for a stream: the first matching use_backend, else default_backend, else null.
     * A matching dynamic rule whose name is not a backend ends the search with default_backend,
     * as HAProxy's {@code process_switching_rules} does.
     */
    public Backend backendFor(io.luxy.sample.SampleContext ctx) {
        for (BackendSwitch s : switches) {
            if (s.condition() == null || s.condition().test(ctx)) {
                Backend b = s.target(ctx);
                return b != null ? b : defaultBackend;
            }
        }
        return defaultBackend;
    }
}

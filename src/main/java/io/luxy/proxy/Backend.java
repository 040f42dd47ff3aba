package io.luxy.proxy;

import java.util.List;

import io.luxy.proxy.balance.Balancer;
import io.luxy.proxy.check.HealthCheckSpec;
import io.luxy.proxy.http.ErrorFiles;
import io.luxy.proxy.rules.HttpRule;
import io.luxy.proxy.rules.TcpResponseRules;
import io.luxy.sample.SampleContext;

/**
 * A backend (or the backend half of a listen section): its mode, the {@code http-request} and
 * {@code http-response} rules it runs after the frontend's, its servers, their balancer, its
 * timeouts, connection options, health-check definition, error pages, statistics counters and
 * {@code tcp-response} rules.
 */
public record Backend(String name, int id, Mode mode, List<HttpRule> httpRules, List<HttpRule> httpResponseRules,
                      List<Server> servers, Balancer balancer, Timeouts timeouts, BackendOptions options,
                      HealthCheckSpec check, ErrorFiles errors, ProxyCounters counters, TcpResponseRules tcpResponse) {

    /** A backend with fresh statistics counters. */
    public Backend(String name, int id, Mode mode, List<HttpRule> httpRules, List<HttpRule> httpResponseRules,
                   List<Server> servers, Balancer balancer, Timeouts timeouts, BackendOptions options,
                   HealthCheckSpec check, ErrorFiles errors) {
        this(name, id, mode, httpRules, httpResponseRules, servers, balancer, timeouts, options, check, errors,
                new ProxyCounters(), TcpResponseRules.NONE);
    }

    /** A backend with fresh statistics counters and {@code tcp-response} rules. */
    public Backend(String name, int id, Mode mode, List<HttpRule> httpRules, List<HttpRule> httpResponseRules,
                   List<Server> servers, Balancer balancer, Timeouts timeouts, BackendOptions options,
                   HealthCheckSpec check, ErrorFiles errors, TcpResponseRules tcpResponse) {
        this(name, id, mode, httpRules, httpResponseRules, servers, balancer, timeouts, options, check, errors,
                new ProxyCounters(), tcpResponse);
    }

    /** The server for {@code ctx}, or null when none is usable (503). */
    public Server select(SampleContext ctx) {
        return balancer.select(ctx, null);
    }

    /** A server by name, or null. */
    public Server server(String name) {
        for (Server s : servers) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Usable servers (HAProxy's {@code nbsrv}: active servers UP, or backups when no active one is). */
    public int usableServers() {
        int active = 0;
        int backups = 0;
        for (Server s : servers) {
            if (s.usable()) {
                if (s.backup()) {
                    backups++;
                } else {
                    active++;
                }
            }
        }
        return active > 0 ? active : backups;
    }

    /** Connections currently open to this backend's servers (fetch {@code be_conn}). */
    public int currentConns() {
        int n = 0;
        for (Server s : servers) {
            n += s.currentConns();
        }
        return n;
    }
}

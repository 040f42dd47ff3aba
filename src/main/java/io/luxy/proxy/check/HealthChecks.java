package io.luxy.proxy.check;

import java.util.ArrayList;
import java.util.List;

import io.luxy.proxy.Backend;
import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.Server;
import io.luxy.proxy.ServerSettings.ServerTls;
import io.luxy.proxy.tls.TlsSetup;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * The active health checks of one generation: one Vert.x timer per server with {@code check}
 * (and one per {@code agent-check}, see {@link AgentCheck}),
 * moving servers UP/DOWN after {@code rise}/{@code fall} results (see {@link CheckState}) and
 * logging each transition in HAProxy's words (see {@link ServerCheck}). Connect timeout:
 * {@code min(timeout connect, inter)}; read timeout: {@code timeout check}, else {@code inter}
 * (HAProxy doc/configuration.txt 4.2 "timeout check").
 */
public final class HealthChecks {

    private final List<ServerCheck> checks;
    private final List<AgentCheck> agents;
    private final List<NetClient> clients;

    private HealthChecks(List<ServerCheck> checks, List<AgentCheck> agents, List<NetClient> clients) {
        this.checks = checks;
        this.agents = agents;
        this.clients = clients;
    }

    /** Starts checking every server of {@code model} that has {@code check}, and the agents of those with {@code agent-check}. */
    public static HealthChecks start(Vertx vertx, ProxyModel model) {
        List<ServerCheck> checks = new ArrayList<>();
        List<NetClient> clients = new ArrayList<>();
        List<AgentCheck> agents = new ArrayList<>();
        for (Backend b : model.backends().values()) {
            NetClient[] shared = new NetClient[1];
            for (Server s : b.servers()) {
                ServerCheck main = null;
                if (s.checked()) {
                    main = check(vertx, b, s, shared, clients);
                    checks.add(main);
                }
                if (s.settings().check().agent() != null) {
                    long inter = s.settings().check().agent().inter();
                    long connect = b.timeouts().connect() > 0 ? Math.min(b.timeouts().connect(), inter) : inter;
                    NetClient ac = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connect)));
                    clients.add(ac);
                    long read = b.timeouts().check() > 0 ? b.timeouts().check() : inter;
                    ServerCheck m = main;
                    AgentCheck agent = new AgentCheck(vertx, ac, b, s, read, m == null ? () -> true : m::allowsUp);
                    if (main != null) {
                        main.agent(agent::allowsUp);
                    }
                    agents.add(agent);
                }
            }
        }
        checks.forEach(ServerCheck::start);
        agents.forEach(AgentCheck::start);
        return new HealthChecks(checks, agents, clients);
    }

    /**
     * The regular check of {@code s}: its connections go through the backend's shared clear-text
     * client ({@code shared[0]}, created on first use) unless they need TLS, which gets its own client.
     */
    private static ServerCheck check(Vertx vertx, Backend b, Server s, NetClient[] shared, List<NetClient> clients) {
        long inter = s.settings().check().inter();
        long connect = b.timeouts().connect() > 0 ? Math.min(b.timeouts().connect(), inter) : inter;
        NetClientOptions options = new NetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connect)).setTcpNoDelay(true);
        NetClient use;
        ServerTls tls = checkTls(s);
        if (tls != null) {
            TlsSetup.configure(options, tls);
            use = vertx.createNetClient(options);
            clients.add(use);
        } else {
            if (shared[0] == null) {
                shared[0] = vertx.createNetClient(options);
                clients.add(shared[0]);
            }
            use = shared[0];
        }
        long read = b.timeouts().check() > 0 ? b.timeouts().check() : inter;
        return new ServerCheck(vertx, use, b, s, b.check(), read);
    }

    /**
     * The TLS settings of {@code s}'s checks, or null for clear text: {@code check-ssl}, or a server
     * with {@code ssl} whose checks go to its own address and port (HAProxy doc 5.2 "check-ssl":
     * an explicit {@code port} or {@code addr} stops checks from inheriting SSL). Verification,
     * CA file and SNI are the server's.
     */
    static ServerTls checkTls(Server s) {
        var cs = s.settings().check();
        ServerTls t = s.settings().tls();
        if (cs.ssl()) {
            return t.enabled() ? t : new ServerTls(true, t.verify(), t.caFile(), t.sni(), null);
        }
        return t.enabled() && cs.port() == 0 && cs.addr() == null ? t : null;
    }

    /** Stops every check timer and closes the check connections' clients. */
    public void stop() {
        checks.forEach(ServerCheck::stop);
        agents.forEach(AgentCheck::stop);
        clients.forEach(NetClient::close);
    }
}

package io.luxy.proxy.check;

import java.util.ArrayList;
import java.util.List;

import io.luxy.proxy.Backend;
import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.Server;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * The active health checks of one generation: one Vert.x timer per server with {@code check},
 * moving servers UP/DOWN after {@code rise}/{@code fall} results (see {@link CheckState}) and
 * logging each transition in HAProxy's words (see {@link ServerCheck}). Connect timeout:
 * {@code min(timeout connect, inter)}; read timeout: {@code timeout check}, else {@code inter}
 * (HAProxy doc/configuration.txt 4.2 "timeout check").
 */
public final class HealthChecks {

    private final List<ServerCheck> checks;
    private final List<NetClient> clients;

    private HealthChecks(List<ServerCheck> checks, List<NetClient> clients) {
        this.checks = checks;
        this.clients = clients;
    }

    /** Starts checking every server of {@code model} that has {@code check}. */
    public static HealthChecks start(Vertx vertx, ProxyModel model) {
        List<ServerCheck> checks = new ArrayList<>();
        List<NetClient> clients = new ArrayList<>();
        for (Backend b : model.backends().values()) {
            NetClient client = null;
            for (Server s : b.servers()) {
                if (!s.checked()) {
                    continue;
                }
                long inter = s.settings().check().inter();
                long connect = b.timeouts().connect() > 0 ? Math.min(b.timeouts().connect(), inter) : inter;
                if (client == null) {
                    client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connect))
                            .setTcpNoDelay(true));
                    clients.add(client);
                }
                long read = b.timeouts().check() > 0 ? b.timeouts().check() : inter;
                ServerCheck c = new ServerCheck(vertx, client, b, s, b.check(), read);
                checks.add(c);
                c.start();
            }
        }
        return new HealthChecks(checks, clients);
    }

    /** Stops every check timer and closes the check connections' clients. */
    public void stop() {
        checks.forEach(ServerCheck::stop);
        clients.forEach(NetClient::close);
    }
}

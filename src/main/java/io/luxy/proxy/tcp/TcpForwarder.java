package io.luxy.proxy.tcp;

import java.util.HashMap;
import java.util.Map;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.luxy.proxy.ServerSettings;
import io.luxy.proxy.tls.TlsSetup;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * The TCP clients of one tcp backend: one per distinct server TLS setting, with the backend's
 * {@code timeout connect}.
 */
public final class TcpForwarder {

    private final Backend backend;
    private final Map<ServerSettings.ServerTls, NetClient> clients = new HashMap<>();
    private final ServerAddresses addresses;

    /** Clients for {@code backend}'s servers. */
    public TcpForwarder(Vertx vertx, Backend backend) {
        this.backend = backend;
        this.addresses = new ServerAddresses(backend.servers());
        clients.put(ServerSettings.ServerTls.NONE, client(vertx, ServerSettings.ServerTls.NONE));
        backend.servers().forEach(s -> clients.computeIfAbsent(s.settings().tls(), t -> client(vertx, t)));
    }

    private NetClient client(Vertx vertx, ServerSettings.ServerTls tls) {
        NetClientOptions o = new NetClientOptions().setTcpNoDelay(true);
        if (backend.timeouts().connect() > 0) {
            o.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, backend.timeouts().connect()));
        }
        if (tls.enabled()) {
            TlsSetup.configure(o, tls);
        }
        return vertx.createNetClient(o);
    }

    /** The backend served. */
    public Backend backend() {
        return backend;
    }

    /** The client for servers with {@code tls}. */
    NetClient client(ServerSettings.ServerTls tls) {
        NetClient c = clients.get(tls);
        return c == null ? clients.get(ServerSettings.ServerTls.NONE) : c;
    }

    /**
     * Connects to {@code srv} at its current address, reporting to {@code done} (event loop); the
     * socket may half-close ({@link HalfClose#allow}).
     */
    void connect(Server srv, Handler<AsyncResult<NetSocket>> done) {
        client(srv.settings().tls()).connect(addresses.of(srv), ar -> {
            if (ar.succeeded()) {
                HalfClose.allow(ar.result());
            }
            done.handle(ar);
        });
    }

    /** Closes the clients. */
    public void close() {
        clients.values().forEach(NetClient::close);
    }
}

package io.luxy.proxy.rules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.luxy.config.ConfigFile;
import io.luxy.config.Directive;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.luxy.sample.ProxyLookup;

/**
 * The generation's backends as {@code nbsrv}, {@code be_conn} and {@code srv_is_up} see them.
 * Names are checked against the configuration (so a frontend or backend rule may name a backend
 * built later); live state comes from the {@link Backend} objects registered as they are built.
 */
public final class BackendLookup implements ProxyLookup {

    private final ConfigFile config;
    private final Map<String, Backend> built = new ConcurrentHashMap<>();

    /** A lookup over the backends declared in {@code config}. */
    public BackendLookup(ConfigFile config) {
        this.config = config;
    }

    /** Registers a built backend (ProxyBuilder, in build order). */
    public void add(Backend b) {
        built.put(b.name(), b);
    }

    @Override
    public boolean hasBackend(String name) {
        return config.backend(name).isPresent();
    }

    @Override
    public boolean hasServer(String backend, String server) {
        return config.backend(backend).map(s -> s.all("server").stream().map(Directive::args)
                .anyMatch(a -> !a.isEmpty() && a.get(0).equals(server))).orElse(false);
    }

    @Override
    public int usableServers(String backend) {
        Backend b = built.get(backend);
        return b == null ? 0 : b.usableServers();
    }

    @Override
    public int currentConns(String backend) {
        Backend b = built.get(backend);
        return b == null ? 0 : b.currentConns();
    }

    /** srv_is_up: not in maintenance and not DOWN (a draining server is up). */
    @Override
    public Boolean serverUp(String backend, String server) {
        Backend b = built.get(backend);
        Server s = b == null ? null : b.server(server);
        return s == null ? null : s.up() && s.admin() != Server.AdminState.MAINT;
    }
}

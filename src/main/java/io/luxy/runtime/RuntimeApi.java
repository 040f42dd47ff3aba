package io.luxy.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.luxy.config.ConfigFile;
import io.luxy.config.Directive;
import io.luxy.config.HaproxyTime;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.ProxyModel;

/**
 * The runtime API of one generation: the {@code stats socket} listeners of the global section
 * (HAProxy doc/configuration.txt 3.1, doc/management.txt 9.3) with the {@code stats timeout}
 * idle timeout (default 10s), serving {@link Cli} commands over this generation's proxies.
 * Started with the generation and stopped with it; a reload binds the new generation's sockets
 * beside the old ones (unix sockets are renamed into place, TCP ones share the port).
 */
public final class RuntimeApi {

    /** Luxy's default global {@code maxconn} when the configuration sets none. */
    public static final int DEFAULT_MAXCONN = 4096;

    /** A parsed {@code stats socket} line: a unix path, or host and port; mode (-1 when unset) and level. */
    public record SocketSpec(String unixPath, String host, int port, int mode, CliSession.Level level) {
    }

    private final List<StatsSocket> sockets;
    private final Cli cli;

    private RuntimeApi(List<StatsSocket> sockets, Cli cli) {
        this.sockets = sockets;
        this.cli = cli;
    }

    /** The command interpreter of this generation (shared with the stats page). */
    public Cli cli() {
        return cli;
    }

    /** The TCP port of the first TCP stats socket, or -1 (tests use port 0). */
    public int tcpPort() {
        for (StatsSocket s : sockets) {
            if (s.port() > 0) {
                return s.port();
            }
        }
        return -1;
    }

    /** CLI connections open now, on every stats socket. */
    public int sessions() {
        return sockets.stream().mapToInt(StatsSocket::sessions).sum();
    }

    /**
     * Binds every {@code stats socket} of {@code config} for {@code model}. Throws when one cannot
     * be bound; sockets bound before the failure are closed.
     */
    public static RuntimeApi start(ConfigFile config, ProxyModel model, LuaRuntime lua, int threads) throws IOException {
        Cli cli = new Cli(new Proxies(model, config), lua, threads);
        long timeout = 10_000;
        List<SocketSpec> specs = new ArrayList<>();
        for (Directive d : config.global()) {
            if (!d.keyword().equals("stats")) {
                continue;
            }
            if ("timeout".equals(d.arg(0)) && d.arg(1) != null) {
                HaproxyTime.Result t = HaproxyTime.parseMillis(d.arg(1));
                if (t.ok() && t.value() > 0) {
                    timeout = t.value();
                }
            } else if ("socket".equals(d.arg(0)) && d.arg(1) != null) {
                specs.add(parse(d));
            }
        }
        List<StatsSocket> open = new ArrayList<>();
        try {
            for (SocketSpec s : specs) {
                open.add(StatsSocket.open(s, cli, timeout));
            }
        } catch (IOException e) {
            open.forEach(StatsSocket::close);
            throw e;
        }
        RuntimeViews.put(model, cli);
        return new RuntimeApi(List.copyOf(open), cli);
    }

    /** Reads {@code stats socket ADDR [mode M] [level L] …}. */
    static SocketSpec parse(Directive d) {
        String addr = d.arg(1);
        int mode = -1;
        CliSession.Level level = CliSession.Level.OPERATOR;
        for (int i = 2; i < d.args().size(); i++) {
            String k = d.arg(i);
            String v = d.arg(i + 1);
            if (k.equals("mode") && v != null) {
                mode = Integer.parseInt(v, 8);
                i++;
            } else if (k.equals("level") && v != null) {
                CliSession.Level l = CliSession.Level.of(v);
                level = l == null ? level : l;
                i++;
            }
        }
        if (addr.startsWith("unix@")) {
            return new SocketSpec(addr.substring(5), null, 0, mode, level);
        }
        if (addr.startsWith("/") || addr.startsWith("./")) {
            return new SocketSpec(addr, null, 0, mode, level);
        }
        String hp = addr.replaceFirst("^(ipv4|ipv6|tcp|tcp4|tcp6)@", "");
        int colon = hp.lastIndexOf(':');
        String host = hp.substring(0, colon).replace("[", "").replace("]", "");
        return new SocketSpec(null, host.isEmpty() || host.equals("*") ? "0.0.0.0" : host,
                Integer.parseInt(hp.substring(colon + 1)), mode, level);
    }

    /** Closes every socket. */
    public void stop() {
        sockets.forEach(StatsSocket::close);
        RuntimeViews.remove(cli.proxies().model());
    }
}

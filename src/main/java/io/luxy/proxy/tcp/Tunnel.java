package io.luxy.proxy.tcp;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * Bytes piped both ways between a client socket and a server socket, with backpressure and
 * HAProxy's inactivity timeouts: {@code timeout client} on the client side, {@code timeout server}
 * on the server side, both replaced by {@code timeout tunnel} when set (doc/configuration.txt
 * 4.2 "timeout tunnel"). Used for tcp frontends and HTTP upgrades (WebSocket). When one side
 * closes, the other is ended after its pending writes. A side given to {@link HalfClose#allow}
 * may half-close instead: its FIN is forwarded as a shutdown of the other side's output (after
 * the pending writes) and the opposite direction keeps flowing, as HAProxy does; the connection
 * closes once both directions saw their FIN, and from the first FIN on {@code timeout client-fin}
 * / {@code server-fin} replace the inactivity timeouts when set (doc/configuration.txt 4.2).
 * {@code onEnd} runs once with the termination state ("--" normal, "cD"/"sD" timeouts, "CD"/"SD"
 * errors).
 */
public final class Tunnel {

    private final NetSocket client;
    private final NetSocket server;
    private final Context ctx;
    private long clientTimeout;
    private long serverTimeout;
    private long clientFinTimeout;
    private long serverFinTimeout;
    /** FINs seen from the client / the server, and their shutdowns done on the other side. */
    private boolean clientFin;
    private boolean serverFin;
    private boolean upShut;
    private boolean downShut;
    private final Handler<Tunnel> onEnd;
    private long lastClient = System.nanoTime();
    private long lastServer = lastClient;
    private long timer = -1;
    private boolean ended;
    private String termState = "--";
    /** Bytes received from the client and sent to the server. */
    public long bytesUp;
    /** Bytes received from the server and sent to the client. */
    public long bytesDown;

    private Tunnel(NetSocket client, NetSocket server, Context ctx, long clientTimeout, long serverTimeout, Handler<Tunnel> onEnd) {
        this.client = client;
        this.server = server;
        this.ctx = ctx;
        this.clientTimeout = clientTimeout;
        this.serverTimeout = serverTimeout;
        this.onEnd = onEnd;
    }

    /**
     * Starts piping on {@code ctx} (the client's event loop). Timeouts in milliseconds, 0 = none;
     * {@code tunnel} &gt; 0 replaces both.
     */
    public static Tunnel start(NetSocket client, NetSocket server, Context ctx, long clientTimeout, long serverTimeout,
            long tunnel, Handler<Tunnel> onEnd) {
        Tunnel t = new Tunnel(client, server, ctx, tunnel > 0 ? tunnel : clientTimeout, tunnel > 0 ? tunnel : serverTimeout, onEnd);
        t.run();
        return t;
    }

    /**
     * Like {@link #start} for a tcp frontend: {@code clientFin}/{@code serverFin} are {@code
     * timeout client-fin}/{@code server-fin} (0 = none); {@code clientEnded} when the client's FIN
     * already came (before the server connection), so the server's output is shut at once.
     */
    public static Tunnel startTcp(NetSocket client, NetSocket server, Context ctx, long clientTimeout, long serverTimeout,
            long tunnel, long clientFin, long serverFin, boolean clientEnded, Handler<Tunnel> onEnd) {
        Tunnel t = new Tunnel(client, server, ctx, tunnel > 0 ? tunnel : clientTimeout, tunnel > 0 ? tunnel : serverTimeout, onEnd);
        t.clientFinTimeout = clientFin;
        t.serverFinTimeout = serverFin;
        t.run();
        if (clientEnded) {
            t.fin(true);
        }
        return t;
    }

    /** The server's FIN came before the tunnel started (during {@code tcp-response} rules): the client's output is shut. */
    void serverEnded() {
        fin(false);
    }

    /** The termination state once ended. */
    public String termState() {
        return termState;
    }

    private void run() {
        boolean clientHalf = HalfClose.allowed(client);
        boolean serverHalf = HalfClose.allowed(server);
        client.handler(b -> {
            if (clientHalf && HalfClose.isFin(b)) {
                fin(true);
                return;
            }
            lastClient = System.nanoTime();
            lastServer = lastClient;
            bytesUp += b.length(); 
            forward(b, client, server);
        });
        server.handler(b -> {
            if (serverHalf && HalfClose.isFin(b)) {
                fin(false);
                return;
            }
            lastServer = System.nanoTime();
            lastClient = lastServer;
            bytesDown += b.length(); 
            forward(b, server, client);
        });
        client.endHandler(v -> end("--", server));
        server.endHandler(v -> end("--", client));
        client.exceptionHandler(e -> end("CD", server));
        server.exceptionHandler(e -> end("SD", client));
        client.closeHandler(v -> end("--", server));
        server.closeHandler(v -> end("--", client));
        long min = min(min(clientTimeout, serverTimeout), min(clientFinTimeout, serverFinTimeout));
        if (min > 0) {
            timer = ctx.owner().setPeriodic(Math.max(10, min / 4), id -> checkIdle());
        }
        client.resume();
        server.resume();
    }

    private static long min(long a, long b) {
        return a <= 0 ? b : b <= 0 ? a : Math.min(a, b);
    }

    private static void forward(Buffer b, NetSocket from, NetSocket to) {
        to.write(b, null); // no completion handler: no promise per chunk
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    /** The FIN of the client ({@code fromClient}) or of the server: shut the other side's output. */
    private void fin(boolean fromClient) {
        if (ended || (fromClient ? clientFin : serverFin)) {
            return;
        }
        if (fromClient) {
            clientFin = true;
        } else {
            serverFin = true;
        }
        if (clientFinTimeout > 0) {
            clientTimeout = clientFinTimeout;
        }
        if (serverFinTimeout > 0) {
            serverTimeout = serverFinTimeout;
        }
        HalfClose.shutdownOutput(fromClient ? server : client, ok -> {
            if (!ok) {
                end(fromClient ? "SD" : "CD", null);
                return;
            }
            if (fromClient) {
                upShut = true;
            } else {
                downShut = true;
            }
            if (upShut && downShut) {
                end("--", null);
            }
        });
    }

    private void checkIdle() {
        long now = System.nanoTime();
        if (clientTimeout > 0 && (now - lastClient) / 1_000_000 >= clientTimeout) {
            end("cD", null);
        } else if (serverTimeout > 0 && (now - lastServer) / 1_000_000 >= serverTimeout) {
            end("sD", null);
        }
    }

    private void end(String state, NetSocket other) {
        if (ended) {
            return;
        }
        ended = true;
        termState = state;
        if (timer >= 0) {
            ctx.owner().cancelTimer(timer);
        }
        if (other != null) {
            other.end();
            (other == client ? server : client).close();
        } else {
            client.close();
            server.close();
        }
        onEnd.handle(this);
    }
}

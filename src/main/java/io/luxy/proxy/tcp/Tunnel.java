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
 * ends, the other is ended after its pending writes; {@code onEnd} runs once with the
 * termination state ("--" normal, "cD"/"sD" timeouts, "CD"/"SD" errors).
 */
public final class Tunnel {

    private final NetSocket client;
    private final NetSocket server;
    private final Context ctx;
    private final long clientTimeout;
    private final long serverTimeout;
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

    /** The termination state once ended. */
    public String termState() {
        return termState;
    }

    private void run() {
        client.handler(b -> {
            lastClient = System.nanoTime();
            lastServer = lastClient;
            bytesUp += b.length(); 
            forward(b, client, server);
        });
        server.handler(b -> {
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
        long min = min(clientTimeout, serverTimeout);
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

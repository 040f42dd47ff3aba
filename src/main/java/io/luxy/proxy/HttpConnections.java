package io.luxy.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The HTTP requests and TCP streams one generation serves, so that it retires once they are
 * done. HTTP client connections belong to their listening socket ({@link KeptConnection}), not
 * to a generation: each request goes to the generation in service when its head arrives, so a
 * retiring generation waits for its requests in flight, not for its connections, and closes
 * none. It also waits for the HTTP connections of binds that closed while routed to it (a bind
 * removed by a reload, or shutdown): those close after their response, which says
 * {@code Connection: close}, or at once when idle, as HAProxy's soft-stop closes its front
 * connections. A TCP stream stays with the generation that accepted it until it ends. At the
 * end of the drain time the rest is closed. Thread-safe; a request costs one atomic increment
 * and decrement.
 */
public final class HttpConnections {

    /** The value of {@link #active} once no request is admitted any more. */
    private static final int SHUT = Integer.MIN_VALUE;

    /** Requests in flight and TCP streams open, or {@link #SHUT}. */
    private final AtomicInteger active = new AtomicInteger();
    /** Connections of closed binds this generation waits for. */
    private final Set<KeptConnection> closing = ConcurrentHashMap.newKeySet();
    /** TCP streams open (each also counted in {@link #active}). */
    private final Set<NetSocket> streams = ConcurrentHashMap.newKeySet();
    private final Promise<Void> drained = Promise.promise();
    private volatile boolean retiring;

    /**
     * Whether this generation takes connection {@code kept} (false once it has drained or
     * stopped: the caller hands it to a newer one); {@code closed} runs when it closes.
     */
    boolean admit(KeptConnection kept, Runnable closed) {
        if (active.get() == SHUT) {
            return false;
        }
        kept.onClose(closed);
        return true;
    }

    /**
     * Serves {@code req} of {@code kept} with {@code handler}, counted until its response ends
     * (or its connection closes); returns false, leaving the request untouched, when this
     * generation serves no more requests (drained or stopped).
     */
    boolean serve(HttpServerRequest req, KeptConnection kept, Handler<HttpServerRequest> handler) {
        if (!enter()) {
            return false;
        }
        kept.started(this, req);
        req.response().endHandler(v -> { // Vert.x calls it at the end, or when the connection closes first
            kept.ended();
            exit();
        });
        handler.handle(req);
        return true;
    }

    /**
     * Counts TCP stream {@code socket} until it closes (the caller then hands it to this
     * generation); returns false, leaving it untouched, when this generation takes no more.
     */
    boolean stream(NetSocket socket) {
        if (!enter()) {
            return false;
        }
        streams.add(socket);
        ((ConnectionBase) socket).channel().closeFuture().addListener(f -> {
            streams.remove(socket);
            exit();
        });
        return true;
    }

    /** {@code kept}'s bind closed while routed here: wait for it to close (see {@link KeptConnection#closing}). */
    void closing(KeptConnection kept) {
        closing.add(kept);
        if (kept.closed()) {
            closed(kept);
        } else if (active.get() == SHUT) {
            kept.close();
        }
    }

    /** A connection of {@link #closing} closed. */
    void closed(KeptConnection kept) {
        if (closing.remove(kept)) {
            checkDrained();
        }
    }

    /**
     * Starts retiring. The future completes once no request is in flight and every connection of
     * a closed bind routed here has closed; from then on no request is admitted.
     */
    public Future<Void> retire() {
        retiring = true;
        checkDrained();
        return drained.future();
    }

    /**
     * Admits no more requests and closes its TCP streams and the connections of closed binds
     * still open (the drain time is over, or the generation stops); {@link
     * ListenerRegistry#closeBusy} closes those with a request of this generation in flight.
     */
    public void closeAll() {
        active.set(SHUT);
        closing.forEach(KeptConnection::close);
        streams.forEach(NetSocket::close);
    }

    /** Requests in flight and TCP streams open now. */
    public int requests() {
        return Math.max(0, active.get());
    }

    private boolean enter() {
        int n;
        do {
            n = active.get();
            if (n == SHUT) {
                return false;
            }
        } while (!active.compareAndSet(n, n + 1));
        return true;
    }

    private void exit() {
        int n;
        do {
            n = active.get();
            if (n <= 0) {
                return; // shut by closeAll
            }
        } while (!active.compareAndSet(n, n - 1));
        if (n == 1) {
            checkDrained();
        }
    }

    private void checkDrained() {
        if (retiring && closing.isEmpty() && active.compareAndSet(0, SHUT)) {
            drained.tryComplete();
        }
    }
}

package io.luxy.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * One client HTTP connection, bound to its listening socket rather than to a generation: each
 * request is served by the generation in service when its head arrives (the door its bind
 * routes to at that moment), so a reload has no keep-alive connection to close, and a request
 * is never sent on a connection that a retiring generation is closing. Only when its bind
 * closes (removed by a reload, or shutdown) does the connection close: after the response in
 * flight, which then says {@code Connection: close}, or at once when it is idle.
 * <p>
 * The connection-level settings (the frontend's {@code maxconn} slot, {@code timeout client},
 * {@code http-request}, {@code http-keep-alive}, {@code tcp-request connection} rules, session
 * counters) are those of the generation that accepted it. Requests and responses run on the
 * connection's event loop; the counters are atomic because a Lua service may end a response
 * from its own thread.
 */
final class KeptConnection {

    private final HttpConnection conn;
    private final int loop;
    private final Supplier<FrontDoor> door;
    /** Requests in flight on this connection, whatever their generation. */
    private final AtomicInteger active = new AtomicInteger();
    /** A response has completed: the connection is idle when none is in flight (a fresh one is not). */
    private volatile boolean served;
    /** Its bind closed: close after the response in flight, or now when idle. */
    private volatile boolean closing;
    /** The generation of the latest request: its hard stop closes the connection while that request runs. */
    private volatile HttpConnections last;
    /** The request in flight (HTTP/1.x serves one at a time), to announce a close on its response. */
    private volatile HttpServerRequest current;
    /** The generation that waits for this connection to close (set when its bind closes). */
    private volatile HttpConnections closer;
    private volatile Runnable onClose;
    private volatile boolean closed;

    /**
     * Wraps {@code conn}, accepted by the server of event loop {@code loop} on a bind whose
     * door in service {@code door} gives; {@code forget} takes it once it has closed. The
     * connection's close handler, request handler and invalid-request handler are this
     * object's from now on.
     */
    KeptConnection(HttpConnection conn, int loop, Supplier<FrontDoor> door, Consumer<KeptConnection> forget) {
        this.conn = conn;
        this.loop = loop;
        this.door = door;
        conn.closeHandler(v -> {
            closed = true;
            Runnable r = onClose;
            if (r != null) {
                r.run();
            }
            forget.accept(this);
            HttpConnections c = closer;
            if (c != null) {
                c.closed(this);
            }
        });
        // Vert.x internal API: the per-connection handlers, which HttpServerConnectionHandler sets
        // to the server's before calling the connection handler (no per-request dispatch then)
        io.vertx.core.http.impl.HttpServerConnection c = (io.vertx.core.http.impl.HttpServerConnection) conn;
        c.handler(this::request);
        c.invalidRequestHandler(this::invalid);
    }

    /** The Vert.x connection. */
    HttpConnection connection() {
        return conn;
    }

    /** The index of the event loop that serves it (the per-thread Lua state). */
    int loop() {
        return loop;
    }

    /** Whether it was accepted on the bind whose doors {@code bind} gives. */
    boolean of(Supplier<FrontDoor> bind) {
        return door == bind;
    }

    /** Runs {@code r} once the connection has closed (the accepting generation's session counters). */
    void onClose(Runnable r) {
        onClose = r;
    }

    /** A request head arrived: the door in service serves it. */
    private void request(HttpServerRequest req) {
        FrontDoor prev = null;
        for (FrontDoor d = door.get(); d != prev; prev = d, d = door.get()) {
            if (d.serve(req, this)) {
                return;
            }
        }
        conn.close(); // the last generation of a closed bind has stopped: nothing can answer
    }

    /** A request Netty's decoder refused: the door in service answers it. */
    private void invalid(HttpServerRequest req) {
        FrontDoor prev = null;
        for (FrontDoor d = door.get(); d != prev; prev = d, d = door.get()) {
            if (d.invalid(req, this)) {
                return;
            }
        }
        conn.close();
    }

    /** A request of generation {@code g} starts (event loop). */
    void started(HttpConnections g, HttpServerRequest req) {
        active.incrementAndGet();
        last = g;
        current = req;
        if (closing) {
            announceClose(req);
        }
    }

    /** The response of a request ended (or its connection closed). */
    void ended() {
        served = true;
        current = null;
        if (active.decrementAndGet() == 0 && closing) {
            conn.close();
        }
    }

    /** Whether a request of {@code g} is in flight. */
    boolean busyWith(HttpConnections g) {
        return last == g && active.get() > 0;
    }

    /**
     * Its bind closed: {@code g} (the generation the bind routed to) waits for the connection to
     * close, which happens after the response in flight, or now when none is (a connection that
     * has not sent its first request is kept for it, up to {@code g}'s drain).
     */
    void closing(HttpConnections g) {
        closer = g;
        closing = true;
        g.closing(this);
        ((ConnectionBase) conn).channel().eventLoop().execute(() -> {
            HttpServerRequest r = current;
            if (r != null) {
                announceClose(r);
            }
            if (served && active.get() == 0) {
                conn.close();
            }
        });
    }

    /** Whether the connection has closed. */
    boolean closed() {
        return closed;
    }

    /** Closes the connection now (hard stop). */
    void close() {
        conn.close();
    }

    /** Adds {@code Connection: close} to the response of {@code req} if its head is not sent yet (HTTP/1.x only). */
    private static void announceClose(HttpServerRequest req) {
        HttpServerResponse r = req.response();
        if (req.version() != HttpVersion.HTTP_2 && !r.headWritten()) {
            r.putHeader("connection", "close");
        }
    }
}

package io.luxy.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * The client HTTP connections of one generation's listeners, with their requests in flight, so
 * that a retiring generation closes its keep-alive connections once idle instead of serving
 * on them forever (Vert.x 4 cannot shut an HTTP/1.x connection down gracefully). HAProxy closes
 * idle front connections on soft-stop the same way. Thread-safe; one map lookup per request.
 */
public final class HttpConnections {

    /** Requests in flight on one connection, and whether one has completed (a fresh connection is not idle). */
    private static final class Track {
        final AtomicInteger active = new AtomicInteger();
        volatile boolean served;
    }

    private final Map<HttpConnection, Track> open = new ConcurrentHashMap<>();
    private final Promise<Void> drained = Promise.promise();
    private volatile boolean retiring;

    /** Tracks a new connection, then runs {@code next} (the frontend's own connection handler, may be null). */
    public Handler<HttpConnection> onConnection(Handler<HttpConnection> next) {
        return onConnection(next, null);
    }

    /**
     * Like {@link #onConnection(Handler)}, also running {@code closed} when the connection closes
     * (a Vert.x connection has one close handler: this class owns it).
     */
    public Handler<HttpConnection> onConnection(Handler<HttpConnection> next, Runnable closed) {
        return conn -> {
            open.put(conn, new Track());
            conn.closeHandler(v -> {
                open.remove(conn);
                if (closed != null) {
                    closed.run();
                }
                checkDrained();
            });
            if (next != null) {
                next.handle(conn);
            }
        };
    }

    /** Counts each request of {@code handler} in flight on its connection. */
    public Handler<HttpServerRequest> onRequest(Handler<HttpServerRequest> handler) {
        return req -> {
            HttpConnection conn = req.connection();
            Track t = open.get(conn);
            if (t != null) {
                t.active.incrementAndGet();
                if (retiring) {
                    req.response().putHeader("connection", "close");
                }
                req.response().endHandler(v -> {
                    t.served = true;
                    if (t.active.decrementAndGet() == 0 && retiring) {
                        conn.close();
                    }
                });
            }
            handler.handle(req);
        };
    }

    /**
     * Starts retiring: idle keep-alive connections close now, busy ones and fresh ones (no
     * request read yet) after their next response. The future
     * completes when every tracked connection has closed.
     */
    public Future<Void> retire() {
        retiring = true;
        open.forEach((conn, t) -> {
            if (t.served && t.active.get() == 0) {
                conn.close();
            }
        });
        checkDrained();
        return drained.future();
    }

    /** Closes every connection still open (the drain time is over). */
    public void closeAll() {
        open.keySet().forEach(HttpConnection::close);
    }

    /** Connections open now. */
    public int size() {
        return open.size();
    }

    private void checkDrained() {
        if (retiring && open.isEmpty()) {
            drained.tryComplete();
        }
    }
}

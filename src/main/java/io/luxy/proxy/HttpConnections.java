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
 * The client HTTP connections of one generation, with their requests in flight, so that a
 * retiring generation closes its keep-alive connections once idle instead of serving on them
 * forever (Vert.x 4 cannot shut an HTTP/1.x connection down gracefully). HAProxy closes idle
 * front connections on soft-stop the same way. Thread-safe; admitting a connection takes a short
 * lock (once per connection), a request costs no lookup.
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
    /** Drained or closed: no connection is admitted any more. */
    private boolean shut;

    /**
     * Admits {@code conn} and returns the handler its requests must go through (counting them
     * around {@code handler}), or null when this generation takes no more connections (it has
     * drained, or was stopped): the caller hands the connection to a newer generation. A
     * connection admitted while retiring is served, answered with {@code connection: close},
     * and the drain waits for it. {@code closed} runs when the connection closes (may be null;
     * a Vert.x connection has one close handler: this class owns it).
     */
    public Handler<HttpServerRequest> admit(HttpConnection conn, Handler<HttpServerRequest> handler, Runnable closed) {
        Track t = new Track();
        synchronized (this) {
            if (shut) {
                return null;
            }
            open.put(conn, t);
        }
        conn.closeHandler(v -> {
            open.remove(conn);
            if (closed != null) {
                closed.run();
            }
            checkDrained();
        });
        return req -> {
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
            handler.handle(req);
        };
    }

    /**
     * Starts retiring: idle keep-alive connections close now, busy ones and fresh ones (no
     * request read yet) after their next response. The future completes when every admitted
     * connection has closed; from then on none is admitted.
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

    /** Closes every connection still open (the drain time is over) and admits no more. */
    public void closeAll() {
        synchronized (this) {
            shut = true;
        }
        open.keySet().forEach(HttpConnection::close);
    }

    /** Connections open now. */
    public int size() {
        return open.size();
    }

    private void checkDrained() {
        if (!retiring) {
            return;
        }
        synchronized (this) {
            if (!open.isEmpty()) {
                return;
            }
            shut = true;
        }
        drained.tryComplete();
    }
}

package io.luxy.proxy.tcp;

import java.util.concurrent.TimeoutException;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.luxy.proxy.log.LogEntry;
import io.luxy.sample.SampleContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;

/**
 * Gets a stream a connection to a server of its backend as HAProxy's connection state machine
 * does (src/backend.c, doc/configuration.txt 4.2 "retries", "option redispatch"): pick a server,
 * take a {@code maxconn} slot (queueing up to {@code timeout queue}, default {@code timeout
 * connect}), connect, and on a connection failure retry up to {@code retries} times, after a
 * one-second turn-around (at most {@code timeout connect}) unless the try timed out, going to
 * another server on the redispatch retry. Fills the log entry's Tw, Tc, retries and server.
 *
 * @param <T> the connection type (a NetSocket, an HTTP client request…)
 */
public final class ServerConnector<T> implements Handler<AsyncResult<T>> {

    /** Opens a connection to a server and reports it to {@code done} (callback style: no future per attempt). */
    @FunctionalInterface
    public interface Opener<T> {
        /** Starts connecting to {@code srv}; {@code done} gets the connection or the failure, once. */
        void open(Server srv, Handler<AsyncResult<T>> done);
    }

    /** The outcome: the connection and the server whose slot it holds, or a failure. */
    public record Result<T>(T connection, Server server, StreamFailure failure) {
    }

    private final Backend backend;
    private final SampleContext stream;
    private final Context ctx;
    private final LogEntry log;
    private final Opener<T> connect;
    private final Handler<Result<T>> done;
    private int retries;
    /** The server of the attempt in progress and when its connect started (nanoTime). */
    private Server current;
    private long connectStart;

    private ServerConnector(Backend backend, SampleContext stream, Context ctx, LogEntry log,
            Opener<T> connect, Handler<Result<T>> done) {
        this.backend = backend;
        this.stream = stream;
        this.ctx = ctx;
        this.log = log;
        this.connect = connect;
        this.done = done;
    }

    /**
     * Connects {@code stream} to a server of {@code backend} with {@code connect}, calling
     * {@code done} once on {@code ctx}. On success the caller owns the server slot and gives it
     * back with {@link ServerQueue#release(Server)}.
     */
    public static <T> void connect(Backend backend, SampleContext stream, Context ctx, LogEntry log,
            Opener<T> connect, Handler<Result<T>> done) {
        new ServerConnector<>(backend, stream, ctx, log, connect, done).attempt(backend.select(stream));
    }

    private void attempt(Server srv) {
        if (srv == null) {
            finish(new Result<>(null, null, StreamFailure.NO_SERVER));
            return;
        }
        log.server = srv.name();
        long queueTimeout = backend.timeouts().queue() > 0 ? backend.timeouts().queue() : backend.timeouts().connect();
        long queuedAt = System.nanoTime();
        log.srvQueue = srv.queued().get();
        ServerQueue.acquire(srv, ctx, queueTimeout, ok -> {
            if (log.tw < 0) {
                log.tw = (System.nanoTime() - queuedAt) / 1_000_000;
            }
            if (!ok) {
                finish(new Result<>(null, srv, StreamFailure.QUEUE_TIMEOUT));
                return;
            }
            current = srv;
            connectStart = System.nanoTime();
            try {
                connect.open(srv, this);
            } catch (RuntimeException e) {
                ServerQueue.release(srv);
                failed(srv, e);
            }
        });
    }

    /** The outcome of the current attempt's connect (the opener's callback). */
    @Override
    public void handle(AsyncResult<T> ar) {
        Server srv = current;
        if (ar.succeeded()) {
            log.tc = (System.nanoTime() - connectStart) / 1_000_000;
            finish(new Result<>(ar.result(), srv, null));
        } else {
            ServerQueue.release(srv);
            failed(srv, ar.cause());
        }
    }

    private void failed(Server srv, Throwable cause) {
        boolean timeout = isTimeout(cause);
        if (retries >= backend.options().retries()) {
            finish(new Result<>(null, srv, timeout ? StreamFailure.CONNECT_TIMEOUT : StreamFailure.CONNECT));
            return;
        }
        retries++;
        log.retries++;
        if (backend.options().redispatchOn(retries)) {
            Server other = backend.balancer().select(stream, srv);
            for (int i = 0; other == srv && i < backend.servers().size(); i++) {
                other = backend.balancer().select(stream, srv); // a balancer may not honour "avoid"
            }
            if (other != null && other != srv) {
                attempt(other);
                return;
            }
        }
        if (timeout) {
            attempt(srv);
        } else {
            long delay = backend.timeouts().connect() > 0 ? Math.min(1000, backend.timeouts().connect()) : 1000;
            ctx.owner().setTimer(delay, id -> attempt(srv));
        }
    }

    private void finish(Result<T> r) {
        done.handle(r);
    }

    /** True for a connect timeout (Netty's ConnectTimeoutException or a Vert.x timeout). */
    static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof io.netty.channel.ConnectTimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}

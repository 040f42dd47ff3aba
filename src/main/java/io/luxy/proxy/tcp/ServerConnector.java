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
 * Gets a stream a connection to a server of its backend as HAProxy 2.6's connection state machine
 * does (src/backend.c {@code back_handle_st_cer}, {@code stream_choose_redispatch};
 * doc/configuration.txt 4.2 "retries", "option redispatch"): pick a server, take a {@code maxconn}
 * slot (queueing up to {@code timeout queue}, default {@code timeout connect}), connect, and on a
 * failure retry up to {@code retries} times. With {@code option redispatch} a retry goes back to
 * the balancer, avoiding the failed server, on the retries the redispatch interval names (default:
 * the last), whenever the failed server is no longer UP, and on every retry when more than one
 * active server is usable and the algorithm does not hash the request (any server will do); other
 * retries stay on the server. The turn-around pause of min(1 s, {@code timeout connect}) comes
 * before a retry that stays on the server or redispatches with no other active server usable,
 * never after a timeout nor after a failure on a reused connection ({@link #resend}). Fills the log
 * entry's Tw, Tc, retries (and the redispatch flag) and server; counts {@code wretr} and
 * {@code wredis} on the backend and on the failed server.
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
    /** Retries done so far (the log entry's, which a {@link #resend} continues). */
    private int retries;
    /** The server of the attempt in progress and when its connect started (nanoTime). */
    private Server current;
    private long connectStart;
    /** When the stream first asked for a server slot (nanoTime; 0 before): Tw runs from there. */
    private long queuedSince;

    private ServerConnector(Backend backend, SampleContext stream, Context ctx, LogEntry log,
            Opener<T> connect, Handler<Result<T>> done) {
        this.backend = backend;
        this.stream = stream;
        this.ctx = ctx;
        this.log = log;
        this.connect = connect;
        this.done = done;
        this.retries = log.retries;
    }

    /**
     * Connects {@code stream} to a server of {@code backend} with {@code connect}, calling
     * {@code done} once on {@code ctx}. On success the caller owns the server slot and gives it
     * back with {@link ServerQueue#release(Server)}.
     */
    public static <T> void connect(Backend backend, SampleContext stream, Context ctx, LogEntry log,
            Opener<T> connect, Handler<Result<T>> done) {
        new ServerConnector<>(backend, stream, ctx, log, connect, done).attempt(backend.select(stream), true);
    }

    /**
     * Sends {@code stream} again after {@code failed} closed its connection without answering (a
     * kept-alive connection the server had dropped, or a server that died with the request): one
     * more of the backend's retries, which redispatches as after a failed connect, at once (HAProxy
     * does not pause after a failure on a reused connection, nor for a {@code retry-on} retry). The
     * caller checked that a retry is left; {@code done} is called once on {@code ctx}.
     */
    public static <T> void resend(Backend backend, SampleContext stream, Context ctx, LogEntry log, Server failed,
            Opener<T> connect, Handler<Result<T>> done) {
        new ServerConnector<>(backend, stream, ctx, log, connect, done).retry(failed, false);
    }

    /**
     * Takes a slot of {@code srv} (null: no server usable, 503) and connects. {@code assigned}: the
     * balancer just chose it (first try or redispatch), which sets Tw as HAProxy's queue timer does.
     */
    private void attempt(Server srv, boolean assigned) {
        if (srv == null) {
            finish(new Result<>(null, null, StreamFailure.NO_SERVER));
            return;
        }
        log.server = srv.name();
        long queueTimeout = backend.timeouts().queue() > 0 ? backend.timeouts().queue() : backend.timeouts().connect();
        long queuedAt = System.nanoTime();
        boolean reassigned = assigned && queuedSince != 0; // a redispatch after this stream's first try
        if (queuedSince == 0) {
            queuedSince = queuedAt;
        }
        log.srvQueue = srv.queued().get();
        ServerQueue.acquire(srv, ctx, queueTimeout, ok -> {
            if (log.tw < 0 || reassigned) {
                log.tw = (System.nanoTime() - queuedSince) / 1_000_000;
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
        retry(srv, !timeout);
    }

    /**
     * One retry after {@code srv} failed: stays on it or redispatches ({@link #redispatches}), after
     * the turn-around pause when {@code mayPause} (a refused or reset connect) and the retry stays on
     * the server or no other active server is usable, else at once.
     */
    private void retry(Server srv, boolean mayPause) {
        retries++;
        log.retries++;
        boolean redispatch = redispatches(srv);
        if (!redispatch) {
            countRetry(srv);
        }
        // HAProxy waits unless the retry redispatches with more than one active server usable
        // (srv_act > 1, the failed one included while it is UP); a failed server its check has
        // just marked DOWN no longer counts, and then the one active server left is another one:
        // Luxy does not wait for it either
        boolean pause = mayPause && (!redispatch || activeUsable(srv) == 0);
        if (pause) {
            long delay = backend.timeouts().connect() > 0 ? Math.min(1000, backend.timeouts().connect()) : 1000;
            ctx.owner().setTimer(delay, id -> next(srv, redispatch));
        } else {
            next(srv, redispatch);
        }
    }

    private void next(Server failed, boolean redispatch) {
        if (!redispatch) {
            attempt(failed, false);
            return;
        }
        Server other = backend.balancer().select(stream, failed);
        for (int i = 0; other == failed && i < backend.servers().size(); i++) {
            other = backend.balancer().select(stream, failed); // a balancer may not honour "avoid"
        }
        if (other == failed) {
            countRetry(failed); // back to the same server: HAProxy counts a retry, not a redispatch
        } else if (other != null) {
            log.redispatched = true;
            backend.counters().wredis.increment();
            failed.counters().wredis.increment();
        }
        attempt(other, true); // null: no server left, 503
    }

    private void countRetry(Server srv) {
        backend.counters().wretr.increment();
        srv.counters().wretr.increment();
    }

    /**
     * True when the retry after a failure of {@code srv} goes back to the balancer (HAProxy 2.6's
     * {@code stream_choose_redispatch}): with {@code option redispatch}, when {@code srv} is no
     * longer UP, on the retries its interval names, or when more than one active server is usable
     * and the algorithm does not hash the request.
     */
    private boolean redispatches(Server srv) {
        var o = backend.options();
        if (!o.redispatch()) {
            return false;
        }
        return !srv.up() || srv.admin() == Server.AdminState.MAINT || o.redispatchOn(retries)
                || (!backend.balancer().hashesRequest() && activeUsable(srv) + (srv.usable() && !srv.backup() ? 1 : 0) > 1);
    }

    /** Usable active (non-backup) servers of the backend other than {@code srv} (HAProxy's {@code srv_act}, without {@code srv}). */
    private int activeUsable(Server srv) {
        int n = 0;
        for (Server s : backend.servers()) {
            if (s != srv && !s.backup() && s.usable()) {
                n++;
            }
        }
        return n;
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

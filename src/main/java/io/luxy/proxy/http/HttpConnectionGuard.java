package io.luxy.proxy.http;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.luxy.proxy.Frontend;
import io.luxy.proxy.tcp.FrontendConns;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The connection-level rules of an HTTP frontend that Vert.x's server does not have, as Netty
 * handlers on the client connection (HAProxy doc/configuration.txt 4.2):
 * <ul>
 * <li>{@code maxconn}: a connection beyond the frontend's limit is not read (its requests are
 * held) until a slot frees, as a connection left in HAProxy's backlog;</li>
 * <li>{@code timeout http-request}: the request head (and body with {@code option
 * http-buffer-request}) must be complete in time, counted from the connection's start or from the
 * first byte of a later request; otherwise HAProxy's 408 page is sent and the connection closed;</li>
 * <li>{@code timeout http-keep-alive} (default {@code timeout http-request}): the idle time
 * allowed between a response and the first byte of the next request; on expiry the connection is
 * closed silently.</li>
 * </ul>
 * One instance per HTTP/1.x connection, used on its event loop only. Vert.x calls the server's
 * connection handler once the first bytes decided between HTTP/1 and h2c, so a connection that
 * sends nothing is counted and timed from its first byte (it then ends on {@code timeout client}).
 */
final class HttpConnectionGuard extends ChannelDuplexHandler {

    private final Frontend frontend;
    private final FrontendConns conns;
    private final long httpRequest;
    private final long keepAlive;
    private final boolean bufferBody;
    private final long acceptDate = System.currentTimeMillis();
    private Channel channel;
    private ChannelHandlerContext rawCtx;
    private boolean admitted;
    private ArrayDeque<Object> held;
    private ScheduledFuture<?> timer;
    /** System.nanoTime() deadline of the request or keep-alive timeout (0 = none), and when the pending task fires. */
    private long deadline;
    private long firesAt;
    /** True between a response's end and the first byte of the next request. */
    private boolean idle;
    private boolean tunnel;
    /** An interim answer (1xx) is being written: its end is not the request's answer. */
    private boolean interim;
    private int requests;
    private int responses;
    private long bytesIn;

    private HttpConnectionGuard(Frontend frontend, FrontendConns conns, boolean bufferBody) {
        this.frontend = frontend;
        this.conns = conns;
        this.httpRequest = frontend.timeouts().httpRequest();
        this.keepAlive = frontend.timeouts().httpKeepAlive() > 0 ? frontend.timeouts().httpKeepAlive() : httpRequest;
        this.bufferBody = bufferBody;
    }

    /** True when frontend {@code fe} needs a guard (a {@code maxconn}, {@code timeout http-request} or {@code http-keep-alive}). */
    static boolean needed(Frontend fe) {
        return fe.options().maxconn() > 0 || fe.timeouts().httpRequest() > 0 || fe.timeouts().httpKeepAlive() > 0;
    }

    /**
     * Guards Vert.x connection {@code conn} (called from the server's connection handler, on its
     * event loop): takes a frontend slot or waits for one, and starts the request timer.
     */
    static void install(HttpConnection conn, Frontend fe, FrontendConns conns, boolean bufferBody) {
        Channel ch = ((ConnectionBase) conn).channel();
        var pipeline = ch.pipeline();
        HttpConnectionGuard g = new HttpConnectionGuard(fe, conns, bufferBody);
        g.channel = ch;
        boolean http1 = pipeline.get("httpDecoder") != null && pipeline.get("handler") != null;
        if (http1) {
            pipeline.addBefore("httpDecoder", "luxyRaw", g.new RawBytes());
            pipeline.addBefore("handler", "luxyGuard", g);
        }
        boolean now = conns.enter(() -> ch.eventLoop().execute(g::admit));
        ch.closeFuture().addListener(f -> g.closed());
        if (now) {
            g.admitted = true;
            g.startRequestTimer(g.httpRequest);
        } else {
            ch.config().setAutoRead(false);
        }
    }

    /** A slot was handed to this connection (event loop). */
    private void admit() {
        if (!channel.isActive()) {
            conns.leave(); // the client gave up while waiting: the slot passes on
            return;
        }
        admitted = true;
        startRequestTimer(httpRequest);
        ChannelHandlerContext ctx = channel.pipeline().context(this);
        if (held != null && ctx != null) {
            Object m;
            while ((m = held.poll()) != null) {
                ctx.fireChannelRead(m);
            }
            ctx.fireChannelReadComplete();
        }
        channel.config().setAutoRead(true);
    }

    private void closed() {
        cancelTimer();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (admitted) {
            admitted = false;
            conns.leave();
        }
        if (held != null) {
            held.forEach(io.netty.util.ReferenceCountUtil::release);
            held.clear();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!admitted) {
            if (held == null) {
                held = new ArrayDeque<>(2);
            }
            held.add(msg);
            return;
        }
        if (!tunnel) {
            if (msg instanceof HttpRequest) {
                requests++;
                if (!bufferBody) {
                    cancelTimer();
                }
            }
            if (msg instanceof LastHttpContent && bufferBody) {
                cancelTimer();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!tunnel) {
            if (msg instanceof HttpResponse r && r.status().code() == 101) {
                tunnel = true;
                cancelTimer();
            } else if (msg instanceof HttpResponse r && r.status().code() < 200) {
                interim = !(msg instanceof LastHttpContent); // 100 Continue: not the answer
            } else if (msg instanceof LastHttpContent) {
                if (interim) {
                    interim = false;
                } else {
                    answered();
                }
            }
        }
        ctx.write(msg, promise);
    }

    /** True while a request has begun and {@code timeout http-request} runs for it (its 408 is due). */
    boolean awaitingRequest() {
        return deadline != 0 && !idle && !tunnel;
    }

    /** A final answer ended: the connection idles until the next request, unless one has begun already. */
    private void answered() {
        responses++;
        if (responses >= requests) {
            H1RequestGate gate = channel.pipeline().get(H1RequestGate.class);
            if (gate != null && gate.hasPartialRequest()) {
                startRequestTimer(httpRequest); // its first bytes are here: timeout http-request, then 408
            } else if (keepAlive > 0) {
                idle = true;
                startRequestTimer(keepAlive);
            }
        }
    }

    /** The first bytes of a request arrived (before decoding). */
    private void onBytes(int n) {
        bytesIn += n;
        if (idle && !tunnel) {
            idle = false;
            bytesIn = n;
            if (httpRequest > 0) {
                startRequestTimer(httpRequest);
            } else {
                cancelTimer();
            }
        }
    }

    /**
     * Sets the deadline {@code ms} from now. One scheduled task serves many deadlines: it is
     * re-armed only when none is pending or the pending one fires too late, and a task that
     * fires before the current deadline re-arms itself (no allocation per keep-alive request).
     */
    private void startRequestTimer(long ms) {
        if (ms <= 0 || tunnel) {
            deadline = 0;
            return;
        }
        deadline = System.nanoTime() + ms * 1_000_000;
        if (timer == null || firesAt - deadline > 0) {
            if (timer != null) {
                timer.cancel(false);
            }
            firesAt = deadline;
            timer = channel.eventLoop().schedule(this::tick, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Clears the deadline; a pending task then finds nothing to do. */
    private void cancelTimer() {
        deadline = 0;
    }

    private void tick() {
        timer = null;
        if (deadline == 0) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            firesAt = deadline;
            timer = channel.eventLoop().schedule(this::tick, left, TimeUnit.NANOSECONDS);
            return;
        }
        deadline = 0;
        expired();
    }

    private void expired() {
        if (!channel.isActive() || tunnel) {
            return;
        }
        if (idle) {
            channel.close(); // timeout http-keep-alive: closed without a response
            return;
        }
        byte[] page = ErrorPages.rawParserError(408, frontend.errors());
        ByteBuf b = Unpooled.wrappedBuffer(page);
        (rawCtx != null ? rawCtx.writeAndFlush(b) : channel.writeAndFlush(b)).addListener(f -> channel.close());
        log();
    }

    /** The log line HAProxy writes for a request that timed out: status 408, {@code cR}, {@code <BADREQ>}. */
    private void log() {
        ParserErrors.log(frontend, channel.remoteAddress(), false, acceptDate, 408, "cR", bytesIn, conns.current());
    }

    /** Watches raw bytes before the HTTP decoder: the first byte of a request switches to {@code timeout http-request}. */
    private final class RawBytes extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            rawCtx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                onBytes(b.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}

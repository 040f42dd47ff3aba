package io.luxy.proxy.http;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * {@code timeout client} on an HTTP client connection (HAProxy doc/configuration.txt 4.2: the
 * maximum inactivity time on the client side), without a cost per request: each read and write
 * only records the time, and one scheduled task per connection checks it, re-arming itself for the
 * time left, so it runs about once per timeout period while the connection is busy.
 *
 * <p>It replaces the Netty {@link IdleStateHandler} Vert.x's server installs as {@code "idle"}
 * for {@code HttpServerOptions.setIdleTimeout} (which covers a connection from its accept to its
 * first bytes) once the connection reaches Luxy: that handler adds a listener to every write's
 * promise to see it complete, a promise and a listener per response. On expiry it fires the same
 * {@link IdleStateEvent} that handler would, so Vert.x closes the connection as before. A write
 * counts when it is queued, not when the client has taken it: a client that stops reading stops
 * the server response (the write queue fills and the server side is paused), and the timeout
 * then runs from the last queued write. Used on the connection's event loop only.
 */
public final class ClientTimeout extends ChannelDuplexHandler implements Runnable {

    /** The name Vert.x gives its idle handler in the server pipeline. */
    private static final String IDLE = "idle";

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> task;
    private long last;

    private ClientTimeout(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /**
     * Replaces Vert.x's idle handler of {@code pipeline} by a {@code ClientTimeout} of
     * {@code timeoutMillis}; does nothing when the pipeline has none (no {@code timeout client}).
     * Call on the connection's event loop.
     */
    public static void install(ChannelPipeline pipeline, long timeoutMillis) {
        if (timeoutMillis > 0 && pipeline.get(IDLE) instanceof IdleStateHandler) {
            pipeline.replace(IDLE, IDLE, new ClientTimeout(timeoutMillis));
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        last = System.nanoTime();
        if (ctx.channel().isActive()) {
            task = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        last = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        last = System.nanoTime();
        ctx.write(msg, promise);
    }

    /** The check: expired, or re-armed for the time left. */
    @Override
    public void run() {
        task = null;
        if (!ctx.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (System.nanoTime() - last);
        if (left > 0) {
            task = ctx.executor().schedule(this, left, TimeUnit.NANOSECONDS);
            return;
        }
        HttpConnectionGuard guard = ctx.pipeline().get(HttpConnectionGuard.class);
        if (guard != null && guard.awaitingRequest()) {
            // a request has begun: timeout http-request answers it (408), as in HAProxy
            task = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
            return;
        }
        ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    private void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}

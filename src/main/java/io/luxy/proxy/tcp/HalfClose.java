package io.luxy.proxy.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * TCP half-close as HAProxy handles it: a peer's FIN ends one direction only, the other one stays
 * open (the FIN is forwarded as a shutdown of the opposite side's output, doc/configuration.txt
 * 4.2 "timeout client-fin"). Vert.x closes a socket on FIN; {@link #allow(NetSocket)} makes
 * Netty keep it open ({@code ALLOW_HALF_CLOSURE}) and turns the FIN into an empty buffer given to
 * the socket's data handler, in order with the data (an empty buffer never comes otherwise).
 */
public final class HalfClose {

    private static final String NAME = "luxyHalfClose";
    private static final FinMarker MARKER = new FinMarker();

    private HalfClose() {
    }

    /**
     * Keeps {@code socket} open after the peer's FIN, which then reaches the data handler as an
     * empty buffer ({@link #isFin(Buffer)}). Call on the socket's event loop before its first
     * read (connect handler); a no-op for sockets that cannot half-close.
     */
    public static void allow(NetSocket socket) {
        if (!(socket instanceof NetSocketInternal si)) {
            return;
        }
        ChannelHandlerContext vertxCtx = si.channelHandlerContext();
        Channel ch = vertxCtx.channel();
        if (!(ch instanceof DuplexChannel) || ch.pipeline().get(NAME) != null) {
            return;
        }
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ch.pipeline().addBefore(vertxCtx.name(), NAME, MARKER);
    }

    /** True when {@code socket} was given to {@link #allow(NetSocket)} (its FIN comes as an empty buffer). */
    public static boolean allowed(NetSocket socket) {
        return socket instanceof NetSocketInternal si && si.channelHandlerContext().pipeline().get(NAME) != null;
    }

    /** True when {@code b} is the peer's FIN marker of a socket given to {@link #allow(NetSocket)}. */
    public static boolean isFin(Buffer b) {
        return b.length() == 0;
    }

    /**
     * Sends a FIN on {@code socket} once everything written before is sent (its read side stays
     * open); {@code done} gets true then, or false when the socket failed or cannot half-close
     * (then it is closed). Any thread.
     */
    public static void shutdownOutput(NetSocket socket, Handler<Boolean> done) {
        if (!(socket instanceof NetSocketInternal si) || !(si.channelHandlerContext().channel() instanceof DuplexChannel ch)) {
            socket.end(ar -> done.handle(false));
            return;
        }
        // an empty write completes once the writes queued before it are flushed to the kernel
        socket.write(Buffer.buffer(), ar -> {
            if (ar.failed()) {
                socket.close();
                done.handle(false);
            } else {
                ch.shutdownOutput().addListener(f -> done.handle(f.isSuccess()));
            }
        });
    }

    /** Turns Netty's input-shutdown event into an empty read for Vert.x's handler placed after it. */
    @ChannelHandler.Sharable
    private static final class FinMarker extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
                ctx.fireChannelReadComplete(); // Vert.x flushes writes made by the handler
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}

package io.luxy.lua.api;

import java.util.concurrent.CompletableFuture;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/** A {@link SocketTransport} on a Vert.x {@link NetSocket}: TCP, or TLS for {@code connect_ssl}. */
final class NetSocketTransport implements SocketTransport {

    private final NetSocket socket;
    private final StreamInput input;

    private NetSocketTransport(NetSocket socket) {
        this.socket = socket;
        this.input = new StreamInput(socket::pause, socket::resume);
        socket.handler(input::push);
        socket.endHandler(v -> input.end());
        socket.exceptionHandler(e -> input.fail(e.getMessage()));
    }

    /**
     * Connects to {@code target} (an inet address); the future completes with the transport, or
     * fails with the cause of the refusal.
     */
    static CompletableFuture<SocketTransport> connect(LuaHost host, SocketAddress target, boolean tls) {
        CompletableFuture<SocketTransport> f = new CompletableFuture<>();
        // Connect from an event-loop context so that the completion runs on that loop before any
        // read: handlers are then set before the first bytes arrive (Vert.x drops data that
        // arrives while a NetSocket has no handler).
        host.vertx().getOrCreateContext().runOnContext(ignored -> host.netClient(tls).connect(target).onComplete(ar -> {
            if (ar.succeeded()) {
                f.complete(new NetSocketTransport(ar.result()));
            } else {
                f.completeExceptionally(ar.cause());
            }
        }));
        return f;
    }

    @Override
    public StreamInput input() {
        return input;
    }

    @Override
    public CompletableFuture<Void> write(Buffer data) {
        return socket.write(data).toCompletionStage().toCompletableFuture();
    }

    @Override
    public String name(boolean peer) {
        SocketAddress sa = peer ? socket.remoteAddress() : socket.localAddress();
        return sa == null ? null : sa.hostAddress() + ":" + sa.port();
    }

    @Override
    public void close() {
        socket.close();
    }
}

package io.luxy.lua.api;

import java.util.concurrent.CompletableFuture;

import io.vertx.core.buffer.Buffer;

/**
 * The connection under a Lua {@link Socket}: where its bytes come from ({@link #input()}) and go
 * to. The Lua-facing rules (receive patterns, partial results, send ranges, timeouts, HAProxy's
 * result strings) live in {@link Socket} alone; an implementation only moves bytes.
 * Implementations: {@link NetSocketTransport} (TCP and TLS through Vert.x) and
 * {@link UnixTransport} ({@code unix@/path} through the JDK, since Vert.x needs Netty's native
 * transport for unix sockets).
 */
sealed interface SocketTransport permits NetSocketTransport, UnixTransport {

    /** Bytes received from the peer, ended when the peer closes or the connection fails. */
    StreamInput input();

    /**
     * Writes {@code data} after the previous writes; the future completes once the bytes are
     * handed to the OS and fails when the connection is broken or closed.
     */
    CompletableFuture<Void> write(Buffer data);

    /**
     * HAProxy's {@code getpeername()} ({@code peer}) or {@code getsockname()} text: "ip:port",
     * or "unix" for a unix socket (as 2.6.12 answers); null when unknown.
     */
    String name(boolean peer);

    /** Closes the connection (idempotent); a reader waiting on {@link #input()} sees the end. */
    void close();
}

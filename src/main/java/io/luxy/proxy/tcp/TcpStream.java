package io.luxy.proxy.tcp;

import java.net.InetSocketAddress;
import java.util.Map;

import io.luxy.lua.api.StreamInput;
import io.luxy.lua.api.TcpExchange;
import io.luxy.lua.api.TxnContext;
import io.luxy.lua.bind.ThreadAffinity;
import io.luxy.sample.Sample;
import io.luxy.sample.Vars;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * One client connection of a tcp frontend: its socket, the bytes received so far (read by Lua
 * services and actions), variables and the Lua private value.
 */
final class TcpStream implements TcpExchange, TxnContext, ThreadAffinity {

    private final NetSocket socket;
    private final StreamInput input;
    private final Vars vars;
    private final int threadIndex;
    private Object priv;

    TcpStream(NetSocket socket, int threadIndex, Map<String, Sample> procVars) {
        this.socket = socket;
        this.threadIndex = threadIndex;
        this.input = new StreamInput(socket::pause, socket::resume);
        this.vars = new Vars(procVars, new java.util.concurrent.ConcurrentHashMap<>(2));
    }

    NetSocket socket() {
        return socket;
    }

    @Override
    public StreamInput input() {
        return input;
    }

    @Override
    public void write(Buffer data) {
        socket.write(data);
    }

    @Override
    public void close() {
        socket.end();
    }

    private static InetSocketAddress inet(SocketAddress a) {
        return a == null ? null : new InetSocketAddress(a.hostAddress(), a.port());
    }

    @Override
    public InetSocketAddress source() {
        return inet(socket.remoteAddress());
    }

    @Override
    public InetSocketAddress destination() {
        return inet(socket.localAddress());
    }

    @Override
    public Vars vars() {
        return vars;
    }

    @Override
    public Object luaPriv() {
        return priv;
    }

    @Override
    public void luaPriv(Object value) {
        this.priv = value;
    }

    @Override
    public int threadIndex() {
        return threadIndex;
    }
}

package io.luxy.proxy.tcp;

import java.net.InetSocketAddress;
import java.util.Map;

import io.luxy.lua.api.StreamInput;
import io.luxy.lua.api.TcpExchange;
import io.luxy.proxy.StreamBase;
import io.luxy.proxy.log.LogEntry;
import io.luxy.sample.Sample;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One client connection of a tcp frontend: its socket, the bytes received so far (read by Lua
 * services and actions), the server's bytes while {@code tcp-response} rules run, variables and
 * the Lua private value.
 */
final class TcpStream extends StreamBase implements TcpExchange {

    private final NetSocket socket;
    private final StreamInput input;
    private final LogEntry log = new LogEntry();
    /** True once the frontend slot was given back. */
    boolean left;
    /** True once the client's FIN came while the content rules read the input. */
    boolean clientFin;
    /** The server's bytes during {@code tcp-response content} rules ({@link ResponseInspection}), else null. */
    private volatile StreamInput response;

    TcpStream(NetSocket socket, int threadIndex, Map<String, Sample> procVars) {
        super(threadIndex, procVars);
        this.socket = socket;
        this.input = new StreamInput(socket::pause, socket::resume);
    }

    /** The log entry filled along the connection. */
    LogEntry log() {
        return log;
    }

    NetSocket socket() {
        return socket;
    }

    @Override
    public StreamInput input() {
        return input;
    }

    @Override
    public StreamInput luaRequestInput() {
        return input;
    }

    @Override
    public StreamInput luaResponseInput() {
        return response;
    }

    void responseInput(StreamInput in) {
        this.response = in;
    }

    @Override
    public void write(Buffer data) {
        socket.write(data);
    }

    @Override
    public void close() {
        socket.end();
    }

    @Override
    public InetSocketAddress source() {
        return inet(socket.remoteAddress());
    }

    @Override
    public InetSocketAddress destination() {
        return inet(socket.localAddress());
    }

}

package io.luxy.health;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.luxy.lua.api.HttpExchange;
import io.luxy.lua.api.StreamInput;
import io.luxy.sample.Sample;
import io.luxy.sample.Vars;
import io.vertx.core.buffer.Buffer;

/**
 * An in-memory GET request to a Lua HTTP service, as a probe sends it: no socket, the response
 * captured as status and body. {@link #result()} completes when the service ends.
 */
final class ProbeExchange implements HttpExchange {

    /** The captured response; status -1 when the service aborted after starting. */
    record Response(int status, String body) {
    }

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private final String path;
    private final Vars vars;
    private final Buffer body = Buffer.buffer();
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private int status;

    ProbeExchange(String path, Map<String, Sample> procVars) {
        this.path = path;
        this.vars = Vars.standalone(procVars);
    }

    CompletableFuture<Response> result() {
        return result;
    }

    @Override
    public InetSocketAddress source() {
        return LOOPBACK;
    }

    @Override
    public InetSocketAddress destination() {
        return LOOPBACK;
    }

    @Override
    public Vars vars() {
        return vars;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return "";
    }

    @Override
    public String version() {
        return "HTTP/1.1";
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        return List.of(Map.entry("host", "localhost"), Map.entry("user-agent", "luxy-probe"));
    }

    @Override
    public StreamInput body() {
        return StreamInput.complete(null);
    }

    @Override
    public void sendHead(int status, String reason, List<Map.Entry<String, String>> headers, boolean chunked) {
        this.status = status;
    }

    @Override
    public void sendData(Buffer data) {
        body.appendBuffer(data);
    }

    @Override
    public void end() {
        result.complete(new Response(status, body.toString(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void fail500() {
        result.complete(new Response(500, "Lua service error"));
    }

    @Override
    public void abort() {
        result.complete(new Response(-1, body.toString(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
}

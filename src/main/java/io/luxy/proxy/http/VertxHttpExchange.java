package io.luxy.proxy.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import io.luxy.lua.api.HttpExchange;
import io.luxy.lua.api.StreamInput;
import io.luxy.lua.api.TxnContext;
import io.luxy.sample.Vars;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A Lua HTTP service's view of one {@link HttpStream}. Response calls arrive on the service's
 * virtual thread; they are gathered and handed to the connection's event loop in as few steps
 * as possible: one hop for a whole small response, more only when a response grows past
 * {@link #FLUSH_BYTES}.
 */
final class VertxHttpExchange implements HttpExchange {

    /** Pending body bytes that trigger a write before the service ends. */
    static final int FLUSH_BYTES = 32 * 1024;

    private final HttpStream stream;
    private final StreamInput body;
    private int status;
    private String reason;
    private List<Map.Entry<String, String>> respHeaders;
    private boolean chunked;
    private boolean closeAfterEnd;
    private boolean headSent;
    private Buffer pending;

    VertxHttpExchange(HttpStream stream) {
        this.stream = stream;
        this.body = StreamInput.complete(stream.body());
    }

    @Override
    public InetSocketAddress source() {
        return stream.source();
    }

    @Override
    public InetSocketAddress destination() {
        return stream.destination();
    }

    @Override
    public Vars vars() {
        return stream.vars();
    }

    @Override
    public String path() {
        return stream.path();
    }

    @Override
    public String query() {
        return stream.query();
    }

    @Override
    public String version() {
        return stream.version();
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        return stream.headers();
    }

    @Override
    public StreamInput body() {
        return body;
    }

    @Override
    public TxnContext txn() {
        return stream;
    }

    @Override
    public void sendHead(int status, String reason, List<Map.Entry<String, String>> headers, boolean chunked) {
        this.status = status;
        this.reason = reason;
        this.respHeaders = List.copyOf(headers);
        this.chunked = chunked;
        // without chunking or a length, only closing the connection ends an HTTP/1.0 body
        this.closeAfterEnd = !chunked && !"HTTP/1.1".equals(stream.version())
                && headers.stream().noneMatch(h -> h.getKey().equals("content-length"));
    }

    @Override
    public void sendData(Buffer data) {
        if (pending == null) {
            pending = data;
        } else {
            pending.appendBuffer(data);
        }
        if (pending.length() >= FLUSH_BYTES) {
            flush(false);
        }
    }

    @Override
    public void end() {
        flush(true);
    }

    private void flush(boolean end) {
        Buffer data = pending;
        pending = null;
        boolean writeHead = !headSent;
        headSent = true;
        int st = status;
        String rs = reason;
        List<Map.Entry<String, String>> hs = respHeaders;
        boolean ch = chunked;
        boolean close = closeAfterEnd;
        stream.context().runOnContext(v -> {
            HttpServerResponse resp = stream.request().response();
            if (resp.closed()) {
                return;
            }
            if (writeHead) {
                resp.setStatusCode(st);
                if (rs != null) {
                    resp.setStatusMessage(rs);
                }
                for (Map.Entry<String, String> h : hs) {
                    resp.headers().add(h.getKey(), h.getValue());
                }
                if (ch) {
                    resp.setChunked(true);
                } else if (close) {
                    resp.headers().set("connection", "close");
                }
            }
            if (end) {
                if (data == null) {
                    resp.end();
                } else {
                    resp.end(data);
                }
                if (close) {
                    stream.request().connection().close();
                }
            } else if (data != null) {
                resp.write(data);
            }
        });
    }

    @Override
    public void fail500() {
        stream.context().runOnContext(v -> ErrorPages.send(stream.request().response(), 500));
    }

    @Override
    public void abort() {
        stream.context().runOnContext(v -> stream.request().connection().close());
    }
}

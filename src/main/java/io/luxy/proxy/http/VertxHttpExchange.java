package io.luxy.proxy.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.luxy.lua.api.HttpExchange;
import io.luxy.lua.api.StreamInput;
import io.luxy.lua.api.TxnContext;
import io.luxy.proxy.log.LogEntry;
import io.luxy.sample.Vars;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A Lua HTTP service's view of one {@link HttpStream}. Response calls arrive on the service's
 * virtual thread; they are gathered and handed to the connection's event loop in as few steps
 * as possible: one hop for a whole small response, more only when a response grows past
 * {@link #FLUSH_BYTES}. Before its head is written, the answer goes through the response path
 * as in HAProxy 2.6 ({@code capture response header}, {@code http-response} and
 * {@code http-after-response} rules, {@link HttpRuleRunner#runResponseChain}); the stream is
 * logged when the answer ends.
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
    /** True once a response rule replaced the service's answer with its own. */
    private boolean replaced;
    /** Bytes of the answer handed to the client so far (status line, headers, body), for %B. */
    private long bytesOut;

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
        if (replaced) {
            return; // http-response rules replaced the service's answer: the rest of it is dropped
        }
        Buffer data = pending;
        pending = null;
        boolean writeHead = !headSent;
        headSent = true;
        if (writeHead && !responseRules()) {
            return;
        }
        int st = stream.responseStatus();
        String rs = stream.responseReason();
        boolean statusChanged = st != status;
        List<Map.Entry<String, String>> hs = stream.responseHeaders();
        boolean ch = chunked;
        boolean close = closeAfterEnd;
        if (data != null) {
            bytesOut += data.length();
        }
        long bytes = bytesOut;
        stream.context().runOnContext(v -> {
            HttpServerResponse resp = stream.request().response();
            if (resp.closed()) {
                if (end) {
                    logEnd(bytes);
                }
                return;
            }
            if (writeHead) {
                resp.setStatusCode(st);
                if (rs != null && !rs.isEmpty()) {
                    resp.setStatusMessage(rs);
                } else if (statusChanged) {
                    resp.setStatusMessage(ErrorPages.reason(st)); // http-response set-status N without a reason
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
                logEnd(bytes);
            } else if (data != null) {
                resp.write(data);
            }
        });
    }

    /**
     * Hands the service's status line and headers to the response path, as HAProxy 2.6 does for
     * an applet's answer: {@code capture response header}, then the backend's (when the service was
     * chosen in a backend) and frontend's {@code http-response} rules and the frontend's
     * {@code http-after-response} rules, on the service's virtual thread (Lua actions may block).
     * Returns false when a rule replaced the answer (deny, return, redirect, a Lua reply…), which
     * is then sent and logged by {@link HttpReplies}.
     */
    private boolean responseRules() {
        HttpStream s = stream;
        List<Map.Entry<String, String>> hs = new ArrayList<>(respHeaders);
        s.response(status, hs);
        s.responseStatus(status, reason);
        LogEntry log = s.log();
        log.tw = 0;
        log.tc = 0;
        log.tresp = s.elapsedMillis();
        log.responseCaptures = s.frontend().options().captures().response(hs); // capture response header
        if (!HttpRuleRunner.hasResponseRules(s)) {
            countHead(hs);
            return true;
        }
        HttpRuleRunner.Verdict v = HttpRuleRunner.runResponseChain(s, s.lua());
        if (v.action() == null) {
            countHead(s.responseHeaders());
            return true;
        }
        replaced = true;
        HttpReplies.send(s, v.action());
        return false;
    }

    /** Adds the bytes of the status line and headers to {@link #bytesOut}. */
    private void countHead(List<Map.Entry<String, String>> hs) {
        for (Map.Entry<String, String> h : hs) {
            bytesOut += h.getKey().length() + h.getValue().length() + 4;
        }
        bytesOut += 19; // status line and the blank line
    }

    /** Writes the stream's log line once the answer ended (event loop). */
    private void logEnd(long bytes) {
        LogEntry log = stream.log();
        log.status = stream.responseStatus();
        log.bytesRead = bytes;
        if ("--".equals(log.termState)) {
            log.termState = "LR"; // HAProxy: the answer came from a local applet
        }
        HttpFrontendHandler.logEnd(stream);
    }

    /**
     * The service failed before starting its answer: HAProxy's 500 page (or the 500
     * {@code errorfile}) takes the answer's place and, as in HAProxy 2.6.12, goes through the
     * response rules like any applet answer.
     */
    @Override
    public void fail500() {
        if (headSent) {
            abort();
            return;
        }
        ErrorFiles.Page page = HttpReplies.errorPage(stream, 500);
        sendHead(page.status(), page.reason(), page.headers(), false);
        closeAfterEnd |= page.close();
        pending = page.body().copy();
        flush(true);
    }

    @Override
    public void abort() {
        if (replaced) {
            return; // the replacing answer is sent and logged already
        }
        replaced = true;
        long bytes = bytesOut;
        stream.context().runOnContext(v -> {
            stream.request().connection().close();
            logEnd(bytes);
        });
    }
}

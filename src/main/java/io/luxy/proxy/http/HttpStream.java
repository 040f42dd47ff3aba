package io.luxy.proxy.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.StreamBase;
import io.luxy.proxy.log.LogEntry;
import io.luxy.sample.LogVar;
import io.luxy.sample.LogVariables;
import io.luxy.sample.Sample;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * One HTTP transaction in HAProxy's sense: the request as rules see and change it (method, URI,
 * headers in order), its addresses, variables, the Lua private value, the buffered body and the
 * Vert.x context of its connection.
 */
public final class HttpStream extends StreamBase implements LogVariables {

    private final HttpServerRequest request;
    private final Context context;
    private final Frontend frontend;
    private final LuaRuntime lua;
    private final LogEntry log = new LogEntry();
    private final long startNanos = System.nanoTime();
    private Backend backend;
    private boolean closeAfter;
    private Buffer bodyPrefix;
    private String method;
    private String uri;
    private String responseReason;
    private String logLevel;
    private final List<Map.Entry<String, String>> headers;
    private Buffer body;
    private String backendName;
    private int status = -1;
    private List<Map.Entry<String, String>> responseHeaders = List.of();
    /** The client's and the bind's addresses, converted on first use (ACLs may ask several times). */
    private InetSocketAddress source;
    private InetSocketAddress destination;
    /** The unique-id, built on first use (null before). */
    private String uniqueId;

    HttpStream(HttpServerRequest request, Context context, int threadIndex, Frontend frontend, LuaRuntime lua) {
        super(threadIndex, lua.procVars());
        this.lua = lua;
        this.request = request;
        this.context = context;
        this.frontend = frontend;
        this.method = request.method().name();
        this.uri = request.uri();
        this.headers = new ArrayList<>(16); // not headers().size(): Vert.x builds the set of names for it
        for (Map.Entry<String, String> h : request.headers()) {
            headers.add(h);
        }
    }

    /** The generation's Lua runtime (for Lua actions in rules). */
    LuaRuntime lua() {
        return lua;
    }

    /** The Vert.x request. */
    HttpServerRequest request() {
        return request;
    }

    /** The connection's Vert.x context (event loop). */
    Context context() {
        return context;
    }

    /** The request body, complete (empty when none). */
    Buffer body() {
        return body == null ? Buffer.buffer() : body;
    }

    /** True when a body was read (possibly empty); false for a request without one (no Content-Length nor Transfer-Encoding). */
    boolean hasBodyBuffer() {
        return body != null;
    }

    void body(Buffer b) {
        this.body = b;
    }

    /** "HTTP/1.1" or "HTTP/1.0" (HTTP/2 requests show as "HTTP/2.0"). */
    String version() {
        HttpVersion v = request.version();
        return v == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : v == HttpVersion.HTTP_1_1 ? "HTTP/1.1" : "HTTP/2.0";
    }

    /** The path part of the URI (no query). */
    String path() {
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        if (p.startsWith("http://") || p.startsWith("https://")) {
            int slash = p.indexOf('/', p.indexOf("//") + 2);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        return p;
    }

    /** The query string without '?', or "". */
    String query() {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }

    /** The request headers, mutable by rules (set-header, add-header, del-header). */
    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    @Override
    public InetSocketAddress source() {
        InetSocketAddress a = source;
        if (a == null) {
            a = inet(request.remoteAddress());
            source = a;
        }
        return a;
    }

    @Override
    public InetSocketAddress destination() {
        InetSocketAddress a = destination;
        if (a == null) {
            a = inet(request.localAddress());
            destination = a;
        }
        return a;
    }

    @Override
    public boolean hasHttpRequest() {
        return true;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public List<Map.Entry<String, String>> requestHeaders() {
        return headers;
    }

    @Override
    public String proxyName() {
        return frontend.name();
    }

    /** The frontend that accepted the stream. */
    Frontend frontend() {
        return frontend;
    }

    /** The backend chosen (null before the choice or when none). */
    Backend backend() {
        return backend;
    }

    /** Records the backend chosen for this stream. */
    void backend(Backend b) {
        this.backend = b;
        this.backendName = b.name();
    }

    /** The log entry filled along the way. */
    LogEntry log() {
        return log;
    }

    /** Milliseconds since the request arrived. */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** True when the client connection must close after this response (HAProxy does so after an ambiguous framing). */
    boolean closeAfter() {
        return closeAfter;
    }

    void closeAfter(boolean v) {
        this.closeAfter = v;
    }

    /**
     * The first bytes of a body still arriving (null when the body is complete in {@link #body()}):
     * the request is paused and the rest is streamed to the server after this prefix.
     */
    Buffer bodyPrefix() {
        return bodyPrefix;
    }

    void bodyPrefix(Buffer b) {
        this.bodyPrefix = b;
    }

    /** The error pages for this stream: the backend's errorfiles, then the frontend's. */
    ErrorFiles errors() {
        return backend == null ? frontend.errors() : backend.errors().or(frontend.errors());
    }


    @Override
    public boolean ssl() {
        return request.isSSL();
    }

    @Override
    public String sni() {
        return request.connection().indicatedServerName();
    }

    @Override
    public String requestBody() {
        return body == null ? null : body.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String backendName() {
        return backendName;
    }

    /** Records the backend chosen for this stream. */
    void backendName(String name) {
        this.backendName = name;
    }

    @Override
    public int responseStatus() {
        return status;
    }

    @Override
    public List<Map.Entry<String, String>> responseHeaders() {
        return responseHeaders;
    }

    /** Changes the request method ({@code http-request set-method}); forwarded to the server. */
    void method(String m) {
        this.method = m;
    }

    /** Changes the request URI ({@code set-uri}, {@code set-path}, {@code set-query}); forwarded to the server. */
    void uri(String u) {
        this.uri = u;
    }

    /** The reason phrase set by {@code http-response set-status N reason R}, or null to keep the server's. */
    String responseReason() {
        return responseReason;
    }

    /** Changes the response status and reason ({@code set-status}); a null reason means HAProxy's default phrase. */
    void responseStatus(int statusCode, String reason) {
        this.status = statusCode;
        this.responseReason = reason;
    }

    /** The level set by {@code http-request set-log-level} ("silent", "info"…), or null for the proxy's default. */
    public String logLevel() {
        return logLevel;
    }

    /** Records {@code set-log-level}. */
    @Override
    public void luaLogLevel(int level) {
        logLevel(level < 0 ? "silent" : new String[] {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}[level]);
    }

    void logLevel(String level) {
        this.logLevel = level;
    }

    /** Records the response status and headers (mutable list) before {@code http-response} rules run. */
    void response(int statusCode, List<Map.Entry<String, String>> headers) {
        this.status = statusCode;
        this.responseHeaders = headers;
        enterResponse();
    }

    /** Log variables in rule strings ({@code %ci}, {@code %b}...): see {@link StreamLogValues}. */
    @Override
    public String logText(LogVar v) {
        return StreamLogValues.text(this, v);
    }

    @Override
    public long logNumber(LogVar v) {
        return StreamLogValues.number(this, v);
    }

    @Override
    public List<String> logCaptures(LogVar v) {
        return v == LogVar.hr ? log.requestCaptures : log.responseCaptures;
    }

    @Override
    public String uniqueId() {
        return uniqueId(true);
    }

    /** The unique-id; built from the frontend's unique-id-format when {@code generate} and not built yet. */
    String uniqueId(boolean generate) {
        String id = uniqueId;
        if (id == null && generate) {
            id = frontend.options().uniqueId().generate(this);
            uniqueId = id;
        }
        return id;
    }

    @Override
    public boolean luaHttp() {
        return true;
    }

    @Override
    public void luaSetMethod(String m) {
        method(m);
    }

    @Override
    public void luaSetUri(String u) {
        uri(u);
    }

    @Override
    public void luaSetStatus(int code, String reason) {
        responseStatus(code, reason);
    }
}

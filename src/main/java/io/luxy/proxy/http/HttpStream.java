package io.luxy.proxy.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.luxy.proxy.StreamBase;
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
public final class HttpStream extends StreamBase {

    private final HttpServerRequest request;
    private final Context context;
    private final String frontend;
    private String method;
    private String uri;
    private String responseReason;
    private String logLevel;
    private final List<Map.Entry<String, String>> headers;
    private Buffer body;
    private String backendName;
    private int status = -1;
    private List<Map.Entry<String, String>> responseHeaders = List.of();

    HttpStream(HttpServerRequest request, Context context, int threadIndex, String frontend, Map<String, Sample> procVars) {
        super(threadIndex, procVars);
        this.request = request;
        this.context = context;
        this.frontend = frontend;
        this.method = request.method().name();
        this.uri = request.uri();
        this.headers = new ArrayList<>(request.headers().size());
        for (Map.Entry<String, String> h : request.headers()) {
            headers.add(h);
        }
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
        return inet(request.remoteAddress());
    }

    @Override
    public InetSocketAddress destination() {
        return inet(request.localAddress());
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
        return frontend;
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
    }
}

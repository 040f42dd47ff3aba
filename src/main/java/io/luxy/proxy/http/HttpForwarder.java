package io.luxy.proxy.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.luxy.lua.engine.LoopThreads;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Deadlines;
import io.luxy.proxy.BackendOptions;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.Server;
import io.luxy.proxy.ServerSettings;
import io.luxy.proxy.tcp.ServerAddresses;
import io.luxy.proxy.tcp.ServerConnector;
import io.luxy.proxy.tcp.ServerQueue;
import io.luxy.proxy.tcp.StreamFailure;
import io.luxy.proxy.tcp.Tunnel;
import io.luxy.proxy.tls.TlsSetup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Forwards the HTTP streams of one backend to its servers over keep-alive Vert.x client pools
 * (one per TLS setting of its servers), as HAProxy 2.6 does: connection with retries,
 * redispatch and {@code maxconn} queueing ({@link ServerConnector}), hop-by-hop headers and those
 * named by {@code Connection} dropped, {@code option forwardfor}, {@code option
 * http-server-close} and {@code http-reuse never} (no keep-alive to servers), {@code http-response}
 * then {@code http-after-response} rules, WebSocket upgrades tunnelled with {@code timeout tunnel},
 * and failures answered in one place: 503 no server or connection failure, 502 bad or missing
 * response, 504 {@code timeout server}, each with the stream's error pages.
 */
public final class HttpForwarder {

    /** Hop-by-hop headers (RFC 7230 6.1) HAProxy never forwards. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

    /** Methods safe to send again when a server closed before answering (RFC 9110 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    private static final io.vertx.core.Handler<Throwable> IGNORE = e -> { };

    private final Backend backend;
    private final LuaRuntime lua;
    private final Map<ServerSettings.ServerTls, HttpClient> clients = new HashMap<>();
    private final ServerAddresses addresses;
    /**
     * Clients for plain servers (no TLS, no h2), one per event loop, created on first use (index 0
     * is the shared one of {@link #clients}). Vert.x 4.5's pool hands out its most recently used
     * connection whatever its event loop; one client per loop keeps each connection, its request
     * and its response on the loop of the client stream, with no hop between threads.
     */
    private volatile HttpClient[] plainPerLoop;
    /**
     * {@code timeout server} per event loop (created on first use, used on its loop only): one
     * {@link Deadlines} list instead of a Vert.x timer per request.
     */
    private volatile Deadlines[] serverTimeouts = new Deadlines[0];
    private final Vertx vertx;
    private final boolean keepAlive;

    /** A forwarder for {@code backend}: one client pool per distinct server TLS setting. */
    public HttpForwarder(Vertx vertx, Backend backend, LuaRuntime lua) {
        this.backend = backend;
        this.lua = lua;
        this.vertx = vertx;
        this.addresses = new ServerAddresses(backend.servers());
        BackendOptions bo = backend.options();
        this.keepAlive = !bo.httpServerClose() && !"never".equals(bo.httpReuse());
        List<ServerSettings.ServerTls> tlsSettings = new ArrayList<>();
        tlsSettings.add(ServerSettings.ServerTls.NONE);
        backend.servers().forEach(s -> tlsSettings.add(s.settings().tls()));
        for (ServerSettings.ServerTls tls : tlsSettings) {
            clients.computeIfAbsent(tls, this::newClient);
        }
        this.plainPerLoop = new HttpClient[] {clients.get(ServerSettings.ServerTls.NONE)};
    }

    private HttpClient newClient(ServerSettings.ServerTls t) {
        HttpClientOptions o = new HttpClientOptions().setKeepAlive(keepAlive).setTcpNoDelay(true)
                .setKeepAliveTimeout(5).setMaxInitialLineLength(65536).setMaxHeaderSize(65536);
        if (backend.timeouts().connect() > 0) {
            o.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, backend.timeouts().connect()));
        }
        if (t.enabled()) {
            TlsSetup.configure(o, t);
        }
        if ("h2".equals(t.proto())) {
            TlsSetup.configureHttp2(o); // server … proto h2: prior knowledge in clear, ALPN h2 over TLS
        }
        // a server that dies resets its kept-alive connections: the streams that used them fail
        // and are retried (Exchange.failed); the idle ones are just dropped from the pool, without
        // Vert.x's ERROR line per connection
        return vertx.httpClientBuilder().with(o).with(new PoolOptions().setHttp1MaxSize(512))
                .withConnectHandler(conn -> conn.exceptionHandler(IGNORE)).build();
    }

    /** The plain client of event loop {@code loop} (created on first use). */
    private HttpClient plainFor(int loop) {
        HttpClient[] a = plainPerLoop;
        HttpClient c = loop < a.length ? a[loop] : null;
        return c != null ? c : addPlain(loop);
    }

    private synchronized HttpClient addPlain(int loop) {
        HttpClient[] a = plainPerLoop;
        if (loop < a.length && a[loop] != null) {
            return a[loop];
        }
        HttpClient[] b = java.util.Arrays.copyOf(a, Math.max(a.length, loop + 1));
        b[loop] = newClient(ServerSettings.ServerTls.NONE);
        plainPerLoop = b;
        return b[loop];
    }

    /** Forwards {@code s} to a server of the backend (runs on the stream's event loop). */
    void forward(HttpStream s) {
        ServerConnector.<HttpClientRequest>connect(backend, s, s.context(), s.log(), (srv, done) -> open(srv, s, done), r -> connected(s, r));
    }

    /** Sends {@code s} again after {@code failed} closed without answering: a retry, redispatched as HAProxy would, without pause. */
    private void resend(HttpStream s, Server failed) {
        ServerConnector.<HttpClientRequest>resend(backend, s, s.context(), s.log(), failed, (srv, done) -> open(srv, s, done),
                r -> connected(s, r));
    }

    private void connected(HttpStream s, ServerConnector.Result<HttpClientRequest> r) {
        if (r.failure() != null) {
            fail(s, r.failure());
        } else {
            new Exchange(s, r.server(), r.connection()).start();
        }
    }

    private void open(Server srv, HttpStream s, Handler<AsyncResult<HttpClientRequest>> done) {
        // host and port make the default Host header and the pool key; the prepared address
        // spares a host parse and an InetAddress per request
        RequestOptions ro = new RequestOptions().setServer(addresses.of(srv)).setHost(srv.host()).setPort(srv.port())
                .setMethod(method(s.method())).setURI(s.uri());
        if (backend.timeouts().server() > 0 && s.threadIndex() < 0) {
            ro.setIdleTimeout(backend.timeouts().server()); // else the exchange's Deadlines entry
        }
        ServerSettings.ServerTls tls = srv.settings().tls();
        HttpClient c = ServerSettings.ServerTls.NONE.equals(tls) && s.threadIndex() >= 0 ? plainFor(s.threadIndex()) : clients.get(tls);
        c.request(ro, done);
    }

    /** The {@code timeout server} deadlines of stream {@code s}'s event loop, or null (none, or not on a loop). */
    private Deadlines serverTimeouts(HttpStream s) {
        int loop = s.threadIndex();
        if (backend.timeouts().server() <= 0 || loop < 0) {
            return null;
        }
        Deadlines[] a = serverTimeouts;
        Deadlines d = loop < a.length ? a[loop] : null;
        return d != null ? d : addServerTimeouts(loop, ((io.vertx.core.impl.ContextInternal) s.context()).nettyEventLoop());
    }

    private synchronized Deadlines addServerTimeouts(int loop, io.netty.channel.EventLoop eventLoop) {
        Deadlines[] a = serverTimeouts;
        if (loop < a.length && a[loop] != null) {
            return a[loop];
        }
        Deadlines[] b = java.util.Arrays.copyOf(a, Math.max(a.length, loop + 1));
        b[loop] = new Deadlines(eventLoop, backend.timeouts().server());
        serverTimeouts = b;
        return b[loop];
    }

    /** The Vert.x method for {@code name}: the shared constant for the usual ones. */
    private static HttpMethod method(String name) {
        return switch (name) {
            case "GET" -> HttpMethod.GET;
            case "POST" -> HttpMethod.POST;
            case "HEAD" -> HttpMethod.HEAD;
            case "PUT" -> HttpMethod.PUT;
            case "DELETE" -> HttpMethod.DELETE;
            default -> HttpMethod.valueOf(name);
        };
    }

    /**
     * True for a header never forwarded as is, case-insensitively and without allocation: the
     * hop-by-hop headers of RFC 7230 6.1 ({@link #HOP_BY_HOP}) and {@code content-length} (set from
     * the body actually sent).
     */
    static boolean isHopByHopOrLength(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 14 -> name.equalsIgnoreCase("content-length");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 18 -> name.equalsIgnoreCase("proxy-authenticate");
            case 19 -> name.equalsIgnoreCase("proxy-authorization");
            default -> false;
        };
    }

    /** True for a hop-by-hop header (RFC 7230 6.1, {@link #HOP_BY_HOP}), case-insensitively, without allocation. */
    static boolean isHopByHop(String name) {
        return isHopByHopOrLength(name) && !(name.length() == 14 && name.equalsIgnoreCase("content-length"));
    }

    /** True when {@code name} is one of {@code listed} (lower-case tokens), compared ignoring case. */
    private static boolean listedIn(Set<String> listed, String name) {
        if (listed.isEmpty()) {
            return false;
        }
        for (String t : listed) {
            if (t.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Answers a stream that could not be forwarded, and logs it (event loop). */
    static void fail(HttpStream s, StreamFailure f) {
        s.log().termState = f.termState();
        HttpReplies.error(s, f.status());
    }

    /** True when {@code headers} ask for a protocol upgrade ({@code Connection: upgrade} and {@code Upgrade}). */
    static boolean isUpgrade(List<Map.Entry<String, String>> headers) {
        boolean conn = false;
        boolean upgrade = false;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("connection")) {
                conn |= h.getValue().toLowerCase(Locale.ROOT).contains("upgrade");
            } else if (h.getKey().equalsIgnoreCase("upgrade")) {
                upgrade = true;
            }
        }
        return conn && upgrade;
    }

    /** Header names listed by the {@code Connection} headers (also hop-by-hop), lower case. */
    private static Set<String> connectionTokens(List<Map.Entry<String, String>> headers) {
        Set<String> out = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("connection")) {
                for (String t : h.getValue().split(",")) {
                    if (out == null) {
                        out = new java.util.HashSet<>();
                    }
                    out.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out == null ? Set.of() : out;
    }

    /** One request/response exchange with a server, holding that server's slot until it ends. */
    private final class Exchange extends Deadlines.Entry implements Handler<Void> {
        private final HttpStream s;
        private final Server srv;
        private final HttpClientRequest creq;
        private final HttpServerResponse resp;
        private final boolean upgrade;
        private boolean released;
        /** True once the client connection closed before the response was complete. */
        private boolean clientGone;
        private long sentAt;
        /** {@code timeout server}: armed while the server owes data (null: Vert.x's request idle timeout, or none). */
        private final Deadlines serverTimeout;

        Exchange(HttpStream s, Server srv, HttpClientRequest creq) {
            this.s = s;
            this.srv = srv;
            this.creq = creq;
            this.resp = s.request().response();
            this.upgrade = isUpgrade(s.headers());
            this.serverTimeout = serverTimeouts(s);
        }

        /** {@code timeout server} expired: the request is reset as Vert.x's idle timeout would (504, or sD once answering). */
        @Override
        protected void expired() {
            creq.reset(0, new java.util.concurrent.TimeoutException(
                    "timeout server: no data from the server for " + backend.timeouts().server() + " ms"));
        }

        /** Server activity: the timeout runs again from now. */
        private void serverActive() {
            if (serverTimeout != null) {
                serverTimeout.arm(this);
            }
        }

        /** The server sent {@code 100 Continue}: relayed to the client, as HAProxy relays it (solicited or not). */
        @Override
        public void handle(Void v) {
            if (!resp.ended() && !resp.closed() && !upgrade) {
                resp.writeContinue();
            }
        }

        void start() {
            creq.exceptionHandler(IGNORE); // failures arrive through the response future
            creq.continueHandler(this);
            copyRequestHeaders();
            resp.closeHandler(v -> {
                if (!resp.ended() && !clientGone) {
                    // the client went away: CH before the response headers, CD during the body
                    clientGone = true;
                    s.log().termState = s.log().tresp < 0 ? "CH" : "CD";
                    creq.reset();
                    release();
                }
            });
            sentAt = System.nanoTime();
            serverActive();
            if (upgrade) {
                creq.connect().onComplete(ar -> {
                    if (ar.failed()) {
                        failed(ar.cause());
                    } else if (ar.result().statusCode() == 101) {
                        tunnel(ar.result());
                    } else {
                        respond(ar.result());
                    }
                });
                return;
            }
            creq.response().onComplete(ar -> {
                if (ar.failed()) {
                    failed(ar.cause());
                } else {
                    respond(ar.result());
                }
            });
            Buffer prefix = s.bodyPrefix();
            if (prefix == null && !s.hasBodyBuffer()) {
                creq.end(); // no body: nothing sent after the head, and no "content-length: 0" added
                s.log().bytesUploaded = 0;
            } else if (prefix == null) {
                Buffer body = s.body();
                boolean noLength = header(s.headers(), "content-length") == null;
                if (noLength && (header(s.headers(), "transfer-encoding") != null
                        || (s.request().version() == HttpVersion.HTTP_2 && body.length() > 0))) {
                    creq.setChunked(true); // chunked stays chunked, and so is an HTTP/2 body without length, as HAProxy forwards them
                } else if (body.length() > 0 || hasBody()) {
                    creq.putHeader("content-length", Integer.toString(body.length()));
                }
                if (body.length() == 0 && !creq.isChunked() && !hasBody()) {
                    creq.end(); // a bodyless HTTP/2 request: no "content-length: 0" added
                } else {
                    creq.end(body);
                }
                s.log().bytesUploaded = body.length();
            } else {
                String cl = header(s.headers(), "content-length");
                if (cl != null) {
                    creq.putHeader("content-length", cl);
                } else {
                    creq.setChunked(true);
                }
                if (prefix.length() == 0 && expectsContinue(s)) {
                    // the client waits for "100 Continue": the head goes now, the server's 100
                    // Continue is relayed (handle), its final answer goes through respond()
                    creq.sendHead();
                } else {
                    creq.write(prefix);
                }
                s.request().pipeTo(creq);
                s.request().resume();
            }
        }

        private boolean hasBody() {
            return header(s.headers(), "content-length") != null || header(s.headers(), "transfer-encoding") != null;
        }

        private void copyRequestHeaders() {
            Set<String> listed = connectionTokens(s.headers());
            boolean h2 = creq.version() == HttpVersion.HTTP_2;
            if (s.request().version() == HttpVersion.HTTP_2 && s.request().authority() != null) {
                creq.authority(s.request().authority()); // the client's :authority becomes the Host header
            }
            io.vertx.core.MultiMap out = creq.headers();
            List<Map.Entry<String, String>> in = s.headers();
            for (int i = 0, n = in.size(); i < n; i++) {
                Map.Entry<String, String> h = in.get(i);
                String name = h.getKey();
                boolean keptUpgrade = upgrade && name.equalsIgnoreCase("upgrade");
                if (!keptUpgrade && (isHopByHopOrLength(name) || listedIn(listed, name))) {
                    continue;
                }
                if (h2) {
                    String k = name.toLowerCase(Locale.ROOT);
                    // HTTP/2 wants lower-case names, and the Host header becomes the :authority
                    if (k.equals("host")) {
                        var authority = io.vertx.core.net.HostAndPort.parseAuthority(h.getValue(), -1);
                        if (authority != null) {
                            creq.authority(authority);
                        }
                    } else {
                        creq.headers().add(k, h.getValue());
                    }
                    continue;
                }
                out.add(name, h.getValue());
            }
            if (upgrade) {
                creq.headers().set("connection", "upgrade");
            }
            forwardFor(s.frontend().options().forwardFor());
            if (backend.options().forwardFor() != null && s.frontend().options().forwardFor() == null) {
                forwardFor(backend.options().forwardFor());
            }
        }

        private void forwardFor(BackendOptions.ForwardFor ff) {
            if (ff == null || s.source() == null || ff.excepted(s.source().getAddress())) {
                return;
            }
            if (ff.ifNone() && creq.headers().contains(ff.header())) {
                return;
            }
            String name = creq.version() == HttpVersion.HTTP_2 ? ff.header().toLowerCase(Locale.ROOT) : ff.header();
            creq.headers().add(name, s.source().getAddress().getHostAddress());
        }

        private void failed(Throwable err) {
            release();
            if (clientGone) {
                HttpFrontendHandler.logEnd(s);
                return;
            }
            boolean timeout = isServerTimeout(err);
            if (!timeout && !upgrade && s.bodyPrefix() == null && IDEMPOTENT.contains(s.method())
                    && s.log().retries < backend.options().retries() && !resp.closed()) {
                // the server closed the connection before any byte of response (a reused
                // connection it dropped, or it died or was stopping): the buffered request is
                // sent again at once, to another server when one is usable (see ServerConnector)
                resend(s, srv);
                return;
            }
            fail(s, isServerTimeout(err) ? StreamFailure.SERVER_TIMEOUT : StreamFailure.BAD_RESPONSE);
        }

        private void respond(HttpClientResponse cresp) {
            serverActive();
            s.log().tresp = (System.nanoTime() - sentAt) / 1_000_000;
            List<Map.Entry<String, String>> headers = new ArrayList<>(16); // not headers().size(): it builds a set of names
            Set<String> listed = null;
            for (Map.Entry<String, String> h : cresp.headers()) {
                String k = h.getKey();
                if (k.length() == 10 && k.equalsIgnoreCase("connection")) {
                    listed = listed == null ? new java.util.HashSet<>() : listed;
                    for (String t : h.getValue().split(",")) {
                        listed.add(t.trim().toLowerCase(Locale.ROOT));
                    }
                }
                if (!isHopByHop(k)) {
                    headers.add(h);
                }
            }
            if (listed != null) {
                Set<String> l = listed;
                headers.removeIf(h -> listedIn(l, h.getKey()));
            }
            s.response(cresp.statusCode(), headers);
            Frontend fe = s.frontend();
            s.log().responseCaptures = fe.options().captures().response(headers); // capture response header
            if (!HttpRuleRunner.hasResponseRules(s)) {
                relay(cresp, headers);
                return;
            }
            cresp.pause();
            if (fe.needsLua()) {
                LoopThreads.start(() -> {
                    HttpRuleRunner.Verdict v = HttpRuleRunner.runResponseChain(s, lua);
                    s.context().runOnContext(x -> afterRules(v, cresp, headers));
                });
            } else {
                afterRules(HttpRuleRunner.runResponseChain(s, lua), cresp, headers);
            }
        }

        private void afterRules(HttpRuleRunner.Verdict v, HttpClientResponse cresp, List<Map.Entry<String, String>> headers) {
            if (v.action() == null) {
                relay(cresp, headers);
                cresp.resume();
                return;
            }
            cresp.exceptionHandler(IGNORE); // the reset below ends the server response on purpose
            creq.reset();
            release();
            HttpReplies.send(s, v.action());
        }

        private void relay(HttpClientResponse cresp, List<Map.Entry<String, String>> headers) {
            if (resp.closed()) {
                cresp.exceptionHandler(IGNORE);
                creq.reset();
                release();
                return;
            }
            int status = s.responseStatus();
            resp.setStatusCode(status);
            String reason = s.responseReason();
            String message;
            if (reason != null && !reason.isEmpty()) {
                message = reason; // http-response set-status N reason R
            } else if (status == cresp.statusCode() && cresp.statusMessage() != null) {
                message = cresp.statusMessage();
            } else {
                message = ErrorPages.reason(status);
            }
            if (!message.equals(HttpResponseStatus.valueOf(status).reasonPhrase())) {
                resp.setStatusMessage(message); // Vert.x builds a new status object for any message set
            }
            boolean lengthGiven = false;
            long headerBytes = 0;
            for (Map.Entry<String, String> h : headers) {
                resp.headers().add(h.getKey(), h.getValue());
                lengthGiven |= h.getKey().equalsIgnoreCase("content-length");
                headerBytes += h.getKey().length() + h.getValue().length() + 4;
            }
            boolean hasLength = lengthGiven;
            boolean bodyless = "HEAD".equals(s.method()) || status == 204 || status == 304 || status < 200;
            if (!hasLength && !bodyless) {
                if (s.request().version() == HttpVersion.HTTP_1_0) {
                    s.closeAfter(true);
                } else {
                    resp.setChunked(true);
                }
            }
            if (s.closeAfter()) {
                resp.headers().set("connection", "close");
            }
            long[] bytes = {headerBytes + 17};
            cresp.handler(b -> {
                serverActive();
                bytes[0] += b.length();
                resp.write(b, null); // no completion handler: no promise per chunk
                if (resp.writeQueueFull()) {
                    cresp.pause();
                    resp.drainHandler(v -> cresp.resume());
                }
            });
            cresp.exceptionHandler(e -> {
                if (!clientGone) {
                    s.log().termState = isServerTimeout(e) ? "sD" : "SD";
                }
                release();
                resp.reset();
                s.request().connection().close();
                HttpFrontendHandler.logEnd(s);
            });
            cresp.endHandler(v -> {
                release();
                s.log().bytesRead = bytes[0];
                s.log().status = status;
                if (bodyless && !hasLength) {
                    resp.headers().remove("content-length");
                }
                resp.end((Handler<AsyncResult<Void>>) null);
                if (s.closeAfter()) {
                    s.request().connection().close();
                }
                HttpFrontendHandler.logEnd(s);
            });
        }

        private void tunnel(HttpClientResponse cresp) {
            Deadlines.disarm(this); // the tunnel has its own timeouts
            s.log().status = 101;
            resp.setStatusCode(101);
            for (Map.Entry<String, String> h : cresp.headers()) {
                resp.headers().add(h.getKey(), h.getValue());
            }
            s.request().toNetSocket().onComplete(ar -> {
                if (ar.failed()) {
                    creq.reset();
                    release();
                    HttpFrontendHandler.logEnd(s);
                    return;
                }
                var t = backend.timeouts();
                Tunnel.start(ar.result(), cresp.netSocket(), s.context(), s.frontend().timeouts().client(), t.server(),
                        t.tunnel() > 0 ? t.tunnel() : s.frontend().timeouts().tunnel(), tun -> {
                            release();
                            s.log().bytesRead = tun.bytesDown;
                            s.log().bytesUploaded = tun.bytesUp;
                            s.log().termState = tun.termState();
                            HttpFrontendHandler.logEnd(s);
                        });
            });
        }

        private void release() {
            Deadlines.disarm(this);
            if (!released) {
                released = true;
                ServerQueue.release(srv);
            }
        }
    }

    private static boolean isServerTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.util.concurrent.TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the client of {@code s} asks for {@code Expect: 100-continue} before sending a
     * body that has not arrived yet (HTTP/1.1 or later, as HAProxy's {@code http_handle_expect_hdr}).
     */
    static boolean expectsContinue(HttpStream s) {
        if (s.request().version() == HttpVersion.HTTP_1_0 || s.request().isEnded()) {
            return false;
        }
        String e = header(s.headers(), "expect");
        return e != null && e.trim().equalsIgnoreCase("100-continue");
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    static String header(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Closes the client pools. */
    public void close() {
        clients.values().forEach(HttpClient::close);
        HttpClient[] a = plainPerLoop;
        for (int i = 1; i < a.length; i++) {
            if (a[i] != null) {
                a[i].close();
            }
        }
    }
}

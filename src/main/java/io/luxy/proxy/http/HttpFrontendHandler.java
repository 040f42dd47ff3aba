package io.luxy.proxy.http;

import java.util.List;
import java.util.Map;

import io.luxy.lua.engine.LoopThreads;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.lua.bind.LuaServices;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.log.LogEntry;
import io.luxy.proxy.rules.HttpAction;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The request flow of an HTTP frontend, in HAProxy's order: {@code monitor-uri}, the HTTP/2
 * checks ({@link RequestChecks}; HTTP/1 was judged by {@link H1RequestGate}), the body (complete when a rule, Lua or {@code option
 * http-buffer-request} may read it, otherwise up to {@code tune.bufsize} bytes with the rest
 * streamed), frontend {@code http-request} rules, backend choice, backend rules, then a Lua
 * service, a built-in reply, or forwarding ({@link HttpForwarder}). When the path runs Lua the
 * rules run on a virtual thread (they may block); otherwise everything stays on the event loop.
 * Every stream ends with one log line when the frontend logs.
 */
public final class HttpFrontendHandler implements Handler<HttpServerRequest> {

    private final Frontend frontend;
    private final LuaRuntime lua;
    private final Map<String, HttpForwarder> forwarders;
    private final int threadIndex;
    private final int bufsize;
    private final boolean bufferBody;
    /** {@code option http-buffer-request} on the frontend or a backend it uses: timeout http-request covers the body. */
    private final boolean bufferOption;
    private final io.luxy.proxy.tcp.FrontendConns conns;

    /**
     * A handler for requests accepted by event loop number {@code threadIndex}; {@code bufsize}
     * is {@code tune.bufsize} (bytes of body read before forwarding starts).
     */
    public HttpFrontendHandler(Frontend frontend, LuaRuntime lua, Map<String, HttpForwarder> forwarders, int threadIndex,
            int bufsize, io.luxy.proxy.tcp.FrontendConns conns) {
        this.conns = conns;
        this.frontend = frontend;
        this.lua = lua;
        this.forwarders = forwarders;
        this.threadIndex = threadIndex;
        this.bufsize = bufsize;
        boolean buffer = frontend.options().httpBufferRequest()
                || (frontend.defaultBackend() != null && frontend.defaultBackend().options().httpBufferRequest());
        for (var sw : frontend.switches()) {
            for (Backend b : sw.backend() != null ? List.of(sw.backend()) : sw.backends().values()) {
                buffer |= b.options().httpBufferRequest();
            }
        }
        this.bufferOption = buffer;
        this.bufferBody = buffer || frontend.needsLua();
    }

    /** True when new connections must go through {@link #connection} ({@code maxconn}, request timeouts). */
    public boolean guardsConnections() {
        return HttpConnectionGuard.needed(frontend);
    }

    /**
     * Takes a new client connection (the server's connection handler, event loop): applies the
     * frontend's {@code maxconn}, {@code timeout http-request} and {@code timeout http-keep-alive}.
     */
    public void connection(io.vertx.core.http.HttpConnection conn) {
        HttpConnectionGuard.install(conn, frontend, conns, bufferOption);
    }

    /**
     * Answers a request Netty's decoder refused (bad request line or headers, too large): HAProxy's
     * 400 page, the connection closed, and a {@code <BADREQ>} log line with state {@code PR}.
     */
    public void invalid(HttpServerRequest req) {
        ErrorPages.sendParserError(req.response(), 400, frontend.errors());
        var remote = req.remoteAddress();
        ParserErrors.log(frontend, remote == null ? null : new java.net.InetSocketAddress(remote.hostAddress(), remote.port()),
                req.isSSL(), System.currentTimeMillis(), 400, "PR", 1, -1);
    }

    @Override
    public void handle(HttpServerRequest req) {
        Context ctx = Vertx.currentContext();
        frontend.counters().request(); // stats req_tot
        HttpStream s = new HttpStream(req, ctx, threadIndex, frontend, lua);
        startLog(s);
        s.log().requestCaptures = frontend.options().captures().request(s.headers()); // capture request header
        String monitor = frontend.options().monitorUri();
        if (monitor != null && monitor.equals(req.uri())) {
            HttpReplies.error(s, 200);
            return;
        }
        if (req.version() == io.vertx.core.http.HttpVersion.HTTP_2 && !h2Valid(s)) {
            return;
        }
        // HTTP/1 requests were judged by H1RequestGate (which turns both framings into Connection: close)
        String conn = HttpForwarder.header(s.headers(), "connection");
        s.closeAfter(conn != null && conn.toLowerCase(java.util.Locale.ROOT).contains("close"));
        readBody(s);
    }

    /**
     * HAProxy's HTTP/2 request checks ({@link RequestChecks#h2}); the stream is reset or answered
     * 400 (the connection stays up) when they fail. The {@code :authority} becomes the one Host
     * header, as HAProxy's HTX conversion makes it.
     */
    private boolean h2Valid(HttpStream s) {
        HttpServerRequest req = s.request();
        RequestChecks.H2Verdict v = RequestChecks.h2(req.method().name(), req.scheme(), req.uri());
        if (v != RequestChecks.H2Verdict.OK) {
            s.log().status = v == RequestChecks.H2Verdict.RESET ? -1 : 400;
            s.log().termState = "PR";
            s.log().requestLine = null;
            s.log().bytesUploaded = 1;
            if (v == RequestChecks.H2Verdict.RESET) {
                req.response().reset(1); // PROTOCOL_ERROR
            } else {
                ErrorPages.send(req.response(), 400, frontend.errors());
            }
            logEnd(s);
            return false;
        }
        if (req.authority() != null) {
            s.headers().removeIf(h -> h.getKey().equalsIgnoreCase("host"));
            s.headers().add(new java.util.AbstractMap.SimpleEntry<>("host", req.authority().toString()));
        }
        return true;
    }

    /** Collects the body: all of it when buffering, otherwise until it ends or passes bufsize. */
    private void readBody(HttpStream s) {
        HttpServerRequest req = s.request();
        if (req.isEnded() || (HttpForwarder.isUpgrade(s.headers()) && HttpForwarder.header(s.headers(), "content-length") == null)) {
            // an upgrade has no body: its next bytes belong to the tunnel
            start(s);
            return;
        }
        if (req.version() != io.vertx.core.http.HttpVersion.HTTP_2 && !hasFraming(s.headers())) {
            // HTTP/1.x without Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3):
            // nothing to read, the request is forwarded without one (and without "content-length: 0")
            start(s);
            return;
        }
        if (HttpForwarder.expectsContinue(s)) {
            if (!bufferBody) {
                // HAProxy forwards the head at once, Expect included, and relays the server's
                // 100 Continue or final answer; the body follows as the client sends it
                req.pause();
                s.bodyPrefix(Buffer.buffer());
                start(s);
                return;
            }
            // HAProxy waits for the body (option http-buffer-request; a Lua service): it answers
            // 100 Continue itself and drops the Expect header. Luxy waits for it when Lua may run.
            s.headers().removeIf(h -> h.getKey().equalsIgnoreCase("expect"));
            req.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] decided = {false};
        req.handler(b -> {
            body.appendBuffer(b);
            if (!bufferBody && !decided[0] && body.length() > bufsize) {
                decided[0] = true;
                req.pause();
                req.handler(null);
                req.endHandler(null);
                req.exceptionHandler(null);
                s.bodyPrefix(body);
                start(s);
            }
        });
        req.endHandler(v -> {
            if (!decided[0]) {
                decided[0] = true;
                s.body(body);
                start(s);
            }
        });
        req.exceptionHandler(e -> {
            if (!decided[0]) {
                decided[0] = true;
                s.log().status = 400;
                s.log().termState = "PR";
                s.log().requestLine = null;
                s.log().bytesUploaded = 1;
                ErrorPages.sendParserError(req.response(), 400, frontend.errors());
                logEnd(s);
            }
        });
    }

    /** True when the headers announce a body: a Content-Length or Transfer-Encoding header. */
    private static boolean hasFraming(List<Map.Entry<String, String>> headers) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            String k = headers.get(i).getKey();
            if (k.length() == 14 && k.equalsIgnoreCase("content-length")
                    || k.length() == 17 && k.equalsIgnoreCase("transfer-encoding")) {
                return true;
            }
        }
        return false;
    }

    private void start(HttpStream s) {
        if (frontend.needsLua()) {
            LoopThreads.start(() -> process(s));
        } else {
            process(s);
        }
    }

    private void process(HttpStream s) {
        HttpRuleRunner.Verdict v = HttpRuleRunner.run(frontend.httpRules(), s, lua);
        HttpAction page = v.action() != null || !frontend.options().stats().enabled() ? null // stats page: after the frontend's rules
                : io.luxy.runtime.page.StatsPage.answer(frontend.options().stats(), s.method(), s.uri(), s.headers(), s.body().getBytes(), s, lua.model());
        if (page != null) {
            v = new HttpRuleRunner.Verdict(page, 0);
        }
        if (v.action() == null) {
            Backend be = frontend.backendFor(s);
            if (be == null) {
                HttpReplies.onLoop(s, () -> HttpForwarder.fail(s, io.luxy.proxy.tcp.StreamFailure.NO_SERVER));
                return;
            }
            s.backend(be);
            s.log().backend = be.name();
            v = HttpRuleRunner.run(be.httpRules(), s, lua);
            if (v.action() == null) {
                addUniqueIdHeader(s);
                HttpForwarder fw = forwarders.get(be.name());
                if (fw != null && !frontend.needsLua()) {
                    fw.forward(s); // already on the stream's event loop
                    return;
                }
                HttpReplies.onLoop(s, () -> {
                    if (fw == null) {
                        HttpForwarder.fail(s, io.luxy.proxy.tcp.StreamFailure.NO_SERVER);
                    } else {
                        fw.forward(s);
                    }
                });
                return;
            }
        }
        if (v.action() instanceof HttpAction.UseService us) {
            s.log().server = "<lua." + us.service().name() + ">";
            LuaServices.runHttp(lua, us.service(), new VertxHttpExchange(s), s.method(), contentLength(s), threadIndex);
            return;
        }
        HttpReplies.send(s, v.action());
    }

    /** {@code unique-id-header}: added after the frontend's and backend's http-request rules, as HAProxy's http_process_request does. */
    private void addUniqueIdHeader(HttpStream s) {
        String name = frontend.options().uniqueId().header();
        if (name != null) {
            String id = s.uniqueId(true);
            s.headers().add(new java.util.AbstractMap.SimpleEntry<>(name, id == null ? "" : id));
        }
    }

    private void startLog(HttpStream s) {
        LogEntry e = s.log();
        e.feconn = conns.current(); // also %fc/%ac in rule strings
        e.actconn = e.feconn;
        if (!s.frontend().log().enabled()) {
            return; // nothing will be written: keep the request path free of the line's strings
        }
        e.acceptDate = System.currentTimeMillis();
        e.frontend = s.ssl() ? s.frontend().name() + "~" : s.frontend().name();
        e.backend = s.frontend().name();
        e.requestLine = s.method() + " " + s.uri() + " " + s.version();
        e.tr = 0;
    }

    /** Completes and writes the stream's log line (event loop; once per stream). */
    static void logEnd(HttpStream s) {
        Frontend fe = s.frontend();
        io.luxy.runtime.Traffic.httpEnd(fe, s.backend(), s.log(), s.log().status >= 0 ? s.log().status : s.responseStatus());
        if (!fe.log().enabled() || "silent".equals(s.logLevel())) {
            return; // no log target, or http-request set-log-level silent
        }
        LogEntry e = s.log();
        if (fe.options().uniqueId().format() != null) {
            e.uniqueId = s.uniqueId(true); // %ID: built for the log line if nothing asked before
        }
        if (e.clientIp == null && s.source() != null) {
            e.clientIp = s.source().getAddress().getHostAddress();
            e.clientPort = s.source().getPort();
        }
        e.ta = s.elapsedMillis();
        if (e.status < 0) {
            e.status = s.responseStatus();
        }
        Backend be = s.backend();
        if (be != null) {
            e.beconn = be.currentConns();
            io.luxy.proxy.Server srv = be.server(e.server);
            if (srv != null) {
                e.srvConn = srv.currentConns();
            }
        }
        fe.log().log(e);
    }

    private static long contentLength(HttpStream s) {
        String cl = HttpForwarder.header(s.headers(), "content-length");
        if (cl != null) {
            try {
                return Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return s.body().length();
    }
}

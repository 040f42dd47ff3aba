package io.luxy.proxy.http;

import java.util.List;
import java.util.Map;

import io.luxy.lua.bind.LuaRuntime;
import io.luxy.lua.bind.LuaServices;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.rules.HttpAction;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The request flow of an HTTP frontend: frontend {@code http-request} rules, backend choice,
 * backend rules, then a Lua service, a built-in reply, or forwarding. When the path runs Lua the
 * rules run on a virtual thread (they may block); otherwise everything stays on the event loop.
 */
public final class HttpFrontendHandler implements Handler<HttpServerRequest> {

    private final Frontend frontend;
    private final LuaRuntime lua;
    private final Map<String, HttpForwarder> forwarders;
    private final int threadIndex;

    /** A handler for requests accepted by event loop number {@code threadIndex}. */
    public HttpFrontendHandler(Frontend frontend, LuaRuntime lua, Map<String, HttpForwarder> forwarders, int threadIndex) {
        this.frontend = frontend;
        this.lua = lua;
        this.forwarders = forwarders;
        this.threadIndex = threadIndex;
    }

    @Override
    public void handle(HttpServerRequest req) {
        Context ctx = Vertx.currentContext();
        HttpStream s = new HttpStream(req, ctx, threadIndex, frontend.name(), lua.procVars());
        req.body().onComplete(ar -> {
            if (ar.failed()) {
                ErrorPages.send(req.response(), 400);
                return;
            }
            s.body(ar.result());
            if (frontend.needsLua()) {
                Thread.startVirtualThread(() -> process(s));
            } else {
                process(s);
            }
        });
    }

    private void process(HttpStream s) {
        HttpRuleRunner.Verdict v = HttpRuleRunner.run(frontend.httpRules(), s, lua);
        if (v.action() == null) {
            Backend be = frontend.backendFor(s);
            if (be == null) {
                onLoop(s, () -> ErrorPages.send(s.request().response(), 503));
                return;
            }
            s.backendName(be.name());
            v = HttpRuleRunner.run(be.httpRules(), s, lua);
            if (v.action() == null) {
                HttpForwarder fw = forwarders.get(be.name());
                onLoop(s, () -> fw.forward(s, be));
                return;
            }
        }
        execute(v.action(), s);
    }

    private void execute(HttpAction a, HttpStream s) {
        switch (a) {
            case HttpAction.UseService us -> LuaServices.runHttp(lua, us.service(), new VertxHttpExchange(s), s.method(),
                    contentLength(s), threadIndex);
            case HttpAction.Deny d -> onLoop(s, () -> ErrorPages.send(s.request().response(), d.status()));
            case HttpAction.Close c -> onLoop(s, () -> s.request().connection().close());
            case HttpAction.Return r -> {
                String body = r.body() == null ? null : r.body().render(s);
                List<String[]> hdrs = r.headers().stream().map(h -> new String[] {h.name(), h.value().render(s)}).toList();
                onLoop(s, () -> reply(s.request().response(), r, body, hdrs));
            }
            case HttpAction.LuaReply r -> onLoop(s, () -> luaReply(s.request().response(), r));
            default -> onLoop(s, () -> ErrorPages.send(s.request().response(), 500));
        }
    }

    private static void luaReply(HttpServerResponse resp, HttpAction.LuaReply r) {
        resp.setStatusCode(r.status()).setStatusMessage(r.reason());
        for (Map.Entry<String, String> h : r.headers()) {
            resp.headers().add(h.getKey(), h.getValue());
        }
        resp.headers().set("content-length", Integer.toString(r.body().length));
        resp.end(Buffer.buffer(r.body()));
    }

    private static void reply(HttpServerResponse resp, HttpAction.Return r, String body, List<String[]> hdrs) {
        resp.setStatusCode(r.status()).setStatusMessage(ErrorPages.reason(r.status()));
        for (String[] h : hdrs) {
            resp.headers().add(h[0], h[1]);
        }
        Buffer b = body == null ? Buffer.buffer() : Buffer.buffer(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        resp.headers().set("content-length", Integer.toString(b.length()));
        if (r.contentType() != null) {
            resp.headers().set("content-type", r.contentType());
        }
        resp.end(b);
    }

    private static long contentLength(HttpStream s) {
        for (Map.Entry<String, String> h : s.headers()) {
            if (h.getKey().equalsIgnoreCase("content-length")) {
                try {
                    return Long.parseLong(h.getValue().trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return s.body().length();
    }

    private static void onLoop(HttpStream s, Runnable r) {
        if (Vertx.currentContext() == s.context()) {
            r.run();
        } else {
            s.context().runOnContext(v -> r.run());
        }
    }
}

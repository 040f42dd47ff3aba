package io.luxy.proxy.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.luxy.proxy.rules.HttpAction;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers produced by HAProxy itself for a final rule verdict ({@code deny}, {@code return}, a
 * Lua action's close): rendered on the rule's thread, written on the stream's event loop, and
 * recorded in the stream's log entry.
 */
final class HttpReplies {

    private HttpReplies() {
    }

    /** Answers {@code s} for the final action {@code a} (deny, return, close); other actions answer 500. */
    static void send(HttpStream s, HttpAction a) {
        switch (a) {
            case HttpAction.Deny d -> onLoop(s, () -> {
                s.log().status = d.status();
                ErrorPages.send(s.request().response(), d.status(), s.errors());
            });
            case HttpAction.Close c -> onLoop(s, () -> {
                s.log().termState = "PR";
                s.request().connection().close();
            });
            case HttpAction.Return r -> {
                String body = r.body() == null ? null : r.body().render(s);
                List<String[]> hdrs = r.headers().stream().map(h -> new String[] {h.name(), h.value().render(s)}).toList();
                onLoop(s, () -> {
                    s.log().status = r.status();
                    reply(s.request().response(), r, body, hdrs);
                });
            }
            case HttpAction.LuaReply r -> onLoop(s, () -> {
                s.log().status = r.status();
                luaReply(s.request().response(), r);
            });
            default -> onLoop(s, () -> {
                s.log().status = 500;
                ErrorPages.send(s.request().response(), 500, s.errors());
            });
        }
    }

    private static void luaReply(HttpServerResponse resp, HttpAction.LuaReply r) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(r.status()).setStatusMessage(r.reason());
        for (java.util.Map.Entry<String, String> h : r.headers()) {
            resp.headers().add(h.getKey(), h.getValue());
        }
        resp.headers().set("content-length", Integer.toString(r.body().length));
        resp.end(Buffer.buffer(r.body()));
    }

    private static void reply(HttpServerResponse resp, HttpAction.Return r, String body, List<String[]> hdrs) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(r.status()).setStatusMessage(ErrorPages.reason(r.status()));
        for (String[] h : hdrs) {
            resp.headers().add(h[0], h[1]);
        }
        Buffer b = body == null ? Buffer.buffer() : Buffer.buffer(body.getBytes(StandardCharsets.ISO_8859_1));
        resp.headers().set("content-length", Integer.toString(b.length()));
        if (r.contentType() != null) {
            resp.headers().set("content-type", r.contentType());
        }
        resp.end(b);
    }

    /** Runs {@code r} on the stream's event loop (at once when already there). */
    static void onLoop(HttpStream s, Runnable r) {
        if (Vertx.currentContext() == s.context()) {
            r.run();
        } else {
            s.context().runOnContext(v -> r.run());
        }
    }
}

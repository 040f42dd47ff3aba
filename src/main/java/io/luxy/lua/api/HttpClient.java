package io.luxy.lua.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.lua.engine.WaitReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * HAProxy doc/lua-api "HTTPClient class" ({@code core.httpclient()}, 2.5+):
 * {@code hc:get/head/put/post/delete{url=, headers=, body=, dst=, timeout=}} sends one request
 * and waits for the whole response, returned as {@code {status, reason, headers, body}} with
 * lower-case header names and values indexed from 0 (HAProxy 2.6's layout). {@code headers} in
 * the request are {@code {name = {v1, v2}}} (a string value is accepted too); {@code dst}
 * overrides the address connected to ({@code ip:port}, {@code ipv4@}, {@code ipv6@}; a
 * {@code unix@path} is answered as a failed connection, 503, since Vert.x needs Netty's native
 * transport for unix sockets); {@code timeout} is in milliseconds (whole exchange). A connection failure
 * answers as HAProxy 2.6 does: status 503 with its error page; a timeout gives 504.
 * It blocks (yields): refused in fetches and converters ("yield not allowed"); it runs on the
 * invocation's virtual thread, the state's lock released while waiting. Responses are not
 * decompressed, as in HAProxy.
 */
public final class HttpClient {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "HTTPClient";

    private static final LuaTable META;
    private static final String UNIX_PREFIX = "unix@";

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        for (String m : new String[] {"get", "head", "put", "post", "delete"}) {
            HttpMethod method = HttpMethod.valueOf(m.toUpperCase(Locale.ROOT));
            b.method(m, a -> LuaObject.check(a, 1, HttpClient.class, m).send(method, m, a));
        }
        META = b.build();
    }

    private record Answer(int status, String reason, List<Map.Entry<String, String>> headers, Buffer body) {
    }

    private final LuaHost host;

    private HttpClient(LuaHost host) {
        this.host = host;
    }

    /** {@code core.httpclient()}: a new client object. */
    static LuaTable create(LuaHost host) {
        return LuaObject.wrap(new HttpClient(host), META);
    }

    private Varargs send(HttpMethod method, String fn, Varargs a) {
        Invocation inv = Invocation.current();
        if (inv == null) {
            throw new LuaError("'" + fn + "': not available in this context");
        }
        inv.checkMayBlock();
        LuaValue req = a.arg(2);
        if (!req.istable()) {
            throw new LuaError("bad argument #2 to '" + fn + "' (table expected, got " + req.typename() + ")");
        }
        LuaValue url = req.get("url");
        if (!url.isstring()) {
            throw new LuaError("'" + fn + "': 'url' is mandatory");
        }
        URI uri;
        try {
            uri = new URI(LuaStrings.java(url));
        } catch (URISyntaxException e) {
            throw new LuaError("'" + fn + "': invalid url '" + url.tojstring() + "'");
        }
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        RequestOptions o = new RequestOptions().setMethod(method).setHost(uri.getHost()).setPort(port).setURI(path).setSsl(tls);
        LuaValue dst = req.get("dst");
        if (dst.isstring() && LuaStrings.java(dst).startsWith(UNIX_PREFIX)) {
            // Vert.x reaches unix sockets only through Netty's native transport, which Luxy does
            // not ship: answered as a failed connection (HAProxy 2.6 connects; README differences)
            return toLua(error(503));
        }
        if (dst.isstring()) {
            o.setServer(address(LuaStrings.java(dst), fn));
        }
        LuaValue to = req.get("timeout");
        long timeout = to.isnumber() ? to.tolong() : 0;
        if (timeout > 0) {
            o.setTimeout(timeout);
        }
        LuaValue hdrs = req.get("headers");
        if (hdrs.istable()) {
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = hdrs.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                String name = LuaStrings.java(k.tostring());
                LuaValue v = n.arg(2);
                if (v.istable()) {
                    for (int i = 1; i <= v.rawlen(); i++) {
                        o.addHeader(name, LuaStrings.java(v.rawget(i).tostring()));
                    }
                } else {
                    o.addHeader(name, LuaStrings.java(v.tostring()));
                }
            }
        }
        LuaValue body = req.get("body");
        Buffer payload = body.isstring() ? LuaStrings.buffer(body) : null;
        CompletableFuture<Answer> f = new CompletableFuture<>();
        // The exchange is started on an event loop context, so that the response's body handler
        // is set in the same event loop turn that delivers the head: Vert.x drops response data
        // that arrives before it has a handler, and started from this (Lua) thread the callbacks
        // could run a turn late (an answer with its body lost, about 1 in 40 under load).
        host.vertx().getOrCreateContext().runOnContext(v -> host.httpClient().request(o)
                .compose(r -> payload == null ? r.send() : r.send(payload))
                .compose(resp -> resp.body().map(b -> {
                    List<Map.Entry<String, String>> h = new ArrayList<>();
                    resp.headers().forEach(e -> h.add(Map.entry(e.getKey(), e.getValue())));
                    return new Answer(resp.statusCode(), resp.statusMessage(), h, b);
                }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        f.complete(ar.result());
                    } else {
                        f.complete(error(ar.cause() instanceof java.util.concurrent.TimeoutException
                                || String.valueOf(ar.cause().getMessage()).contains("timeout") ? 504 : 503));
                    }
                }));
        Answer ans = inv.await(WaitReason.SOCKET_RECV, f, timeout > 0 ? timeout + 1000 : 0);
        return toLua(ans == null ? error(504) : ans);
    }

    private static SocketAddress address(String dst, String fn) {
        String d = dst;
        if (d.startsWith("ipv4@") || d.startsWith("ipv6@")) {
            d = d.substring(5);
        }
        int colon = d.lastIndexOf(':');
        if (colon <= 0) {
            throw new LuaError("'" + fn + "': invalid dst '" + dst + "'");
        }
        String h = d.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            return SocketAddress.inetSocketAddress(Integer.parseInt(d.substring(colon + 1)), h);
        } catch (NumberFormatException e) {
            throw new LuaError("'" + fn + "': invalid dst '" + dst + "'");
        }
    }

    /** HAProxy 2.6's answer when the request fails: its error page for 503 (connection) or 504 (timeout). */
    private static Answer error(int status) {
        String reason = Reply.reason(status);
        String detail = status == 503 ? "No server is available to handle this request." : "The server didn't respond in time.";
        String body = "<html><body><h1>" + status + " " + (status == 504 ? "Gateway Time-out" : reason) + "</h1>\n" + detail + "\n</body></html>\n";
        return new Answer(status, reason, List.of(Map.entry("content-type", "text/html"), Map.entry("cache-control", "no-cache")),
                Buffer.buffer(body));
    }

    private static LuaTable toLua(Answer a) {
        LuaTable t = new LuaTable();
        t.rawset("status", LuaValue.valueOf(a.status()));
        t.rawset("reason", LuaStrings.of(a.reason() == null ? "" : a.reason()));
        LuaTable headers = new LuaTable();
        for (Map.Entry<String, String> h : a.headers()) {
            LuaValue name = LuaStrings.of(h.getKey().toLowerCase(Locale.ROOT));
            LuaValue list = headers.rawget(name);
            if (!list.istable()) {
                LuaTable l = new LuaTable();
                l.rawset(0, LuaStrings.of(h.getValue()));
                headers.rawset(name, l);
            } else {
                list.rawset(list.rawlen() + 1, LuaStrings.of(h.getValue()));
            }
        }
        t.rawset("headers", headers);
        t.rawset("body", LuaStrings.of(a.body()));
        return t;
    }
}

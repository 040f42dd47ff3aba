package io.luxy.proxy.http;

import java.util.Map;
import java.util.Set;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Forwards an HTTP stream to a server of its backend with a keep-alive Vert.x client pool:
 * hop-by-hop headers are dropped, {@code X-Forwarded-For} is added with {@code option forwardfor},
 * and failures map to HAProxy's statuses in one place: no server 503, connection refused 503,
 * server timeout 504, anything else 502.
 */
public final class HttpForwarder {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

    private final HttpClient client;

    /** A forwarder whose pool uses the backend's connect timeout. */
    public HttpForwarder(Vertx vertx, Backend backend) {
        HttpClientOptions o = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true);
        if (backend.timeouts().connect() > 0) {
            o.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, backend.timeouts().connect()));
        }
        this.client = vertx.createHttpClient(o, new PoolOptions().setHttp1MaxSize(256));
    }

    /** Forwards {@code s} to the next server of {@code backend} (must run on the stream's event loop). */
    void forward(HttpStream s, Backend backend) {
        Server srv = backend.select(s);
        HttpServerResponse resp = s.request().response();
        if (srv == null) {
            ErrorPages.send(resp, 503);
            return;
        }
        RequestOptions ro = new RequestOptions().setHost(srv.host()).setPort(srv.port())
                .setMethod(HttpMethod.valueOf(s.method())).setURI(s.uri());
        if (backend.timeouts().server() > 0) {
            ro.setIdleTimeout(backend.timeouts().server());
        }
        for (Map.Entry<String, String> h : s.headers()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT)) && !h.getKey().equalsIgnoreCase("content-length")) {
                ro.addHeader(h.getKey(), h.getValue());
            }
        }
        if (backend.options().forwardFor() != null && s.source() != null) {
            ro.addHeader("x-forwarded-for", s.source().getAddress().getHostAddress());
        }
        client.request(ro)
                .compose(creq -> creq.send(s.body()))
                .onSuccess(cresp -> relay(cresp, resp))
                .onFailure(err -> ErrorPages.send(resp, statusFor(err)));
    }

    private static void relay(HttpClientResponse cresp, HttpServerResponse resp) {
        resp.setStatusCode(cresp.statusCode()).setStatusMessage(cresp.statusMessage());
        boolean hasLength = false;
        for (Map.Entry<String, String> h : cresp.headers()) {
            String k = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!HOP_BY_HOP.contains(k)) {
                resp.headers().add(h.getKey(), h.getValue());
                hasLength |= k.equals("content-length");
            }
        }
        if (!hasLength) {
            resp.setChunked(true);
        }
        cresp.pipeTo(resp);
    }

    private static int statusFor(Throwable err) {
        String m = String.valueOf(err.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (err instanceof java.net.ConnectException || m.contains("connection refused")) {
            return 503;
        }
        if (err instanceof java.util.concurrent.TimeoutException || m.contains("timeout")) {
            return 504;
        }
        return 502;
    }

    /** Closes the client pool. */
    public void close() {
        client.close();
    }
}

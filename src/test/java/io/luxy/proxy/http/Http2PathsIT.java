package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.proxy.tls.TestCerts;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * HTTP/2 on both sides of the forwarding path: a client speaking h2 through ALPN to an HTTP/1.1
 * server, and {@code server … proto h2} (clear text, prior knowledge) or {@code ssl alpn h2}
 * towards Vert.x HTTP/2 servers; each server answers with the protocol version it saw.
 */
class Http2PathsIT extends LuxyTestBase {

    @TempDir
    Path dir;

    private HttpServer versionServer(HttpServerOptions o) throws Exception {
        return vertx().createHttpServer(o).requestHandler(req -> req.body().onSuccess(b -> req.response()
                .end(req.version().name() + " " + req.method() + " " + req.uri() + " " + b.length() + " "
                        + req.authority().port() + " " + req.getHeader("x-forwarded-for"))))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private String call(HttpClientOptions o, int port, HttpMethod method, String body) throws Exception {
        HttpClient c = vertx().createHttpClient(o.setDefaultHost("127.0.0.1").setDefaultPort(port));
        try {
            return c.request(new RequestOptions().setMethod(method).setURI("/p?q=1"))
                    .compose(r -> r.send(body).compose(resp -> resp.body().map(b -> resp.version().name() + "|" + resp.statusCode() + "|" + b)))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            c.close();
        }
    }

    private static final String CFG = """
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend f
                bind 127.0.0.1:%d %s
                option forwardfor
                default_backend b
            backend b
                server s1 127.0.0.1:%d %s
            """;

    @Test
    void h2ClientThroughAlpn_toAnHttp11Server() throws Exception {
        Path pem = TestCerts.combined(dir, "fe.pem", "fe.test", "fe.test");
        HttpServer be = versionServer(new HttpServerOptions());
        int fe = freePort();
        startProxy(CFG.formatted(fe, "ssl crt " + pem + " alpn h2,http/1.1", be.actualPort(), ""));
        HttpClientOptions h2 = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false).setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2);
        assertEquals("HTTP_2|200|HTTP_1_1 GET /p?q=1 0 FE 127.0.0.1", call(h2, fe, HttpMethod.GET, "").replace(" " + fe + " ", " FE "));
        assertEquals("HTTP_2|200|HTTP_1_1 POST /p?q=1 5 FE 127.0.0.1", call(h2, fe, HttpMethod.POST, "hello").replace(" " + fe + " ", " FE "));
    }

    @Test
    void protoH2_toACleartextHttp2Server() throws Exception {
        HttpServer be = versionServer(new HttpServerOptions().setHttp2ClearTextEnabled(true));
        int fe = freePort();
        startProxy(CFG.formatted(fe, "", be.actualPort(), "proto h2"));
        HttpClientOptions h1 = new HttpClientOptions();
        assertEquals("HTTP_1_1|200|HTTP_2 GET /p?q=1 0 FE 127.0.0.1", call(h1, fe, HttpMethod.GET, "").replace(" " + fe + " ", " FE "));
        assertEquals("HTTP_1_1|200|HTTP_2 POST /p?q=1 5 FE 127.0.0.1", call(h1, fe, HttpMethod.POST, "hello").replace(" " + fe + " ", " FE "));
    }

    @Test
    void sslAlpnH2_toATlsHttp2Server() throws Exception {
        Path pem = TestCerts.combined(dir, "be.pem", "be.test", "be.test");
        HttpServer be = versionServer(new HttpServerOptions().setSsl(true).setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pem.toString()).setKeyPath(pem.toString())));
        int fe = freePort();
        startProxy(CFG.formatted(fe, "", be.actualPort(), "ssl verify none alpn h2"));
        assertEquals("HTTP_1_1|200|HTTP_2 GET /p?q=1 0 FE 127.0.0.1", call(new HttpClientOptions(), fe, HttpMethod.GET, "").replace(" " + fe + " ", " FE "));
        int fe2 = freePort();
        startProxy(CFG.formatted(fe2, "", be.actualPort(), "ssl verify none proto h2"));
        assertEquals("HTTP_1_1|200|HTTP_2 POST /p?q=1 5 FE 127.0.0.1", call(new HttpClientOptions(), fe2, HttpMethod.POST, "hello").replace(" " + fe2 + " ", " FE "));
    }
}

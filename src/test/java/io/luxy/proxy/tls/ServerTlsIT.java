package io.luxy.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.proxy.ServerSettings;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;

/** {@code server … ssl verify none|required ca-file F [alpn h2]}: client options from {@link TlsSetup} against a real TLS server. */
class ServerTlsIT extends LuxyTestBase {

    @TempDir
    Path dir;

    private int tlsBackend(Path pem, boolean h2) throws Exception {
        int port = freePort();
        HttpServerOptions o = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pem.toString()).setKeyPath(pem.toString()));
        if (h2) {
            o.setUseAlpn(true);
        }
        vertx().createHttpServer(o).requestHandler(r -> r.response().end(r.version().name()))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return port;
    }

    private String get(ServerSettings.ServerTls tls, int port) throws Exception {
        HttpClientOptions o = new HttpClientOptions();
        TlsSetup.configure(o, tls);
        HttpClient c = vertx().createHttpClient(o);
        try {
            return c.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI("/"))
                    .compose(r -> r.send().compose(resp -> resp.body())).map(Object::toString)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            c.close();
        }
    }

    @Test
    void verifyNone_trustsAnyCertificate() throws Exception {
        int port = tlsBackend(TestCerts.combined(dir, "s.pem", "srv.test", "srv.test"), false);
        assertEquals("HTTP_1_1", get(new ServerSettings.ServerTls(true, false, null, null, null), port));
    }

    @Test
    void verifyRequired_checksTheChainAgainstCaFile_notTheHostName() throws Exception {
        Path srv = TestCerts.combined(dir, "s.pem", "srv.test", "srv.test");
        Path other = TestCerts.combined(dir, "o.pem", "other.test", "other.test");
        int port = tlsBackend(srv, false);
        assertEquals("HTTP_1_1", get(new ServerSettings.ServerTls(true, true, srv.toString(), null, null), port));
        assertThrows(ExecutionException.class, () -> get(new ServerSettings.ServerTls(true, true, other.toString(), null, null), port));
    }

    @Test
    void alpnH2_speaksHttp2ToTheServer() throws Exception {
        int port = tlsBackend(TestCerts.combined(dir, "s.pem", "srv.test", "srv.test"), true);
        assertEquals(HttpVersion.HTTP_2.name(), get(new ServerSettings.ServerTls(true, false, null, null, "h2,http/1.1"), port));
    }

    @Test
    void sniName_isTheConstantOfStr() {
        assertEquals("api.test", TlsSetup.sniName(new ServerSettings.ServerTls(true, false, null, "str(api.test)", null)));
        assertEquals(null, TlsSetup.sniName(new ServerSettings.ServerTls(true, false, null, "req.hdr(host)", null)));
    }
}

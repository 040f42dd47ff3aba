package io.luxy.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.config.Diagnostic;
import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/** {@code bind … ssl crt … [alpn] [ssl-min-ver] [proto h2]} over real sockets on loopback. */
class TlsBindIT extends LuxyTestBase {

    @TempDir
    Path dir;

    private static final String CFG = """
            defaults
                mode http
                timeout client 5s
            frontend fe
                bind 127.0.0.1:%d %s
                http-request return status 200 content-type text/plain string ok
            """;

    private record Answer(int status, HttpVersion version, String body) {
    }

    private Answer get(HttpClientOptions o, int port) throws Exception {
        HttpClient c = vertx().createHttpClient(o.setDefaultHost("127.0.0.1").setDefaultPort(port));
        try {
            return c.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/"))
                    .compose(r -> r.send().compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.version(), b.toString()))))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            c.close();
        }
    }

    private static HttpClientOptions tlsClient() {
        return new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false);
    }

    @Test
    void sslBind_servesHttps() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + a));
        Answer r = get(tlsClient(), port);
        assertEquals(200, r.status());
        assertEquals(HttpVersion.HTTP_1_1, r.version());
        assertEquals("a.test", TestCerts.presentedCn(port, null));
    }

    @Test
    void severalCrt_sniPicksTheMatchingCertificate_firstIsDefault() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        Path b = TestCerts.combined(dir, "b.pem", "b.test", "b.test", "www.b.test");
        Path w = TestCerts.combined(dir, "w.pem", "wild", "*.w.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + a + " crt " + b + " crt " + w));
        assertEquals("b.test", TestCerts.presentedCn(port, "b.test"));
        assertEquals("b.test", TestCerts.presentedCn(port, "WWW.B.test"));
        assertEquals("a.test", TestCerts.presentedCn(port, "a.test"));
        assertEquals("wild", TestCerts.presentedCn(port, "x.w.test"));
        assertEquals("a.test", TestCerts.presentedCn(port, "x.y.w.test"), "a wildcard covers one label only");
        assertEquals("a.test", TestCerts.presentedCn(port, "other.test"));
        assertEquals("a.test", TestCerts.presentedCn(port, null));
    }

    @Test
    void crtDirectory_loadsEveryFileInNameOrder() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        TestCerts.combined(certs, "2-b.pem", "b.test", "b.test");
        TestCerts.combined(certs, "1-a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + certs));
        assertEquals("b.test", TestCerts.presentedCn(port, "b.test"));
        assertEquals("a.test", TestCerts.presentedCn(port, "zzz.test"));
    }

    @Test
    void crtList_sniFiltersReplaceCertificateNames() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        Path b = TestCerts.combined(dir, "b.pem", "b.test", "b.test");
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# default first\n" + a + "\n" + b + " [alpn h2] api.test *.api.test !b.test\n");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt-list " + list));
        assertEquals("b.test", TestCerts.presentedCn(port, "api.test"));
        assertEquals("b.test", TestCerts.presentedCn(port, "v1.api.test"));
        assertEquals("a.test", TestCerts.presentedCn(port, "b.test"), "the filters replace the certificate's own names");
    }

    @Test
    void strictSni_refusesUnknownNames() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + a + " strict-sni"));
        assertEquals("a.test", TestCerts.presentedCn(port, "a.test"));
        assertThrows(SSLException.class, () -> TestCerts.presentedCn(port, "other.test"));
    }

    @Test
    void alpnH2_negotiatesHttp2() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + a + " alpn h2,http/1.1"));
        Answer r = get(tlsClient().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2), port);
        assertEquals(HttpVersion.HTTP_2, r.version());
        assertEquals("ok", r.body());
        Answer h1 = get(tlsClient().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_1_1)
                .setAlpnVersions(List.of(HttpVersion.HTTP_1_1)), port);
        assertEquals(HttpVersion.HTTP_1_1, h1.version());
    }

    @Test
    void noAlpn_staysOnHttp11() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + a));
        Answer r = get(tlsClient().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2), port);
        assertEquals(HttpVersion.HTTP_1_1, r.version());
    }

    @Test
    void protoH2_cleartextPriorKnowledge() throws Exception {
        int port = freePort();
        startProxy(CFG.formatted(port, "proto h2"));
        Answer r = get(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false), port);
        assertEquals(HttpVersion.HTTP_2, r.version());
        assertEquals("ok", r.body());
    }

    @Test
    void sslMinVer_refusesOlderProtocols() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + a + " ssl-min-ver TLSv1.3"));
        assertEquals("a.test", TestCerts.presentedCn(port, null, "TLSv1.3"));
        assertThrows(SSLException.class, () -> TestCerts.presentedCn(port, null, "TLSv1.2"));
    }

    @Test
    void sslMaxVer_capsTheProtocol() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy(CFG.formatted(port, "ssl crt " + a + " ssl-max-ver TLSv1.2"));
        assertThrows(SSLException.class, () -> TestCerts.presentedCn(port, null, "TLSv1.3"));
        assertEquals("a.test", TestCerts.presentedCn(port, null, "TLSv1.2"));
    }

    @Test
    void tcpMode_terminatesTls() throws Exception {
        Path a = TestCerts.combined(dir, "a.pem", "a.test", "a.test");
        int port = freePort();
        startProxy("""
                frontend fe
                    mode tcp
                    bind 127.0.0.1:%d ssl crt %s
                    tcp-request content reject
                """.formatted(port, a));
        assertEquals("a.test", TestCerts.presentedCn(port, null));
    }

    @Test
    void certificateErrors_areReportedAsHaproxyDoes() throws Exception {
        Path certOnly = dir.resolve("certonly.pem");
        Path a = TestCerts.combined(dir, "a.pem", "a.test");
        String pem = Files.readString(a);
        Files.writeString(certOnly, pem.substring(0, pem.indexOf("-----BEGIN PRIVATE KEY")));
        Files.writeString(dir.resolve("bad.pem"), "garbage\n");
        String cfg = """
                frontend fe
                    mode http
                    bind 127.0.0.1:1 ssl crt %1$s/none.pem
                    bind 127.0.0.1:2 ssl crt %1$s/bad.pem
                    bind 127.0.0.1:3 ssl crt %1$s/certonly.pem
                    bind 127.0.0.1:4 ssl crt-list %1$s/nolist.txt
                    bind 127.0.0.1:5 ssl crt %1$s/a.pem ssl-min-ver TLSv1.9
                    bind 127.0.0.1:6 ssl crt %1$s/a.pem alpn
                    bind 127.0.0.1:7 ssl
                """.formatted(dir);
        List<String> alerts = build(cfg).diagnostics().alerts().stream().map(Diagnostic::text)
                .map(t -> t.replaceAll("parsing \\[[^\\]]*:(\\d+)\\]", "parsing [cfg:$1]").replaceAll("at \\[[^\\]]*:(\\d+)\\]", "at [cfg:$1]"))
                .toList();
        assertEquals(List.of(
                "parsing [cfg:3] : 'bind 127.0.0.1:1' in section 'frontend' : unable to stat SSL certificate from file '" + dir + "/none.pem' : No such file or directory.",
                "parsing [cfg:4] : 'bind 127.0.0.1:2' in section 'frontend' : unable to load certificate from file '" + dir + "/bad.pem'.",
                "parsing [cfg:5] : 'bind 127.0.0.1:3' in section 'frontend' : No Private Key found in '" + dir + "/certonly.pem.key'.",
                "parsing [cfg:6] : 'bind 127.0.0.1:4' in section 'frontend' : 'crt-list' : cannot open file '" + dir + "/nolist.txt' : No such file or directory",
                "parsing [cfg:7] : 'bind 127.0.0.1:5' in section 'frontend' : 'TLSv1.9' : unknown ssl/tls version",
                "parsing [cfg:8] : 'bind 127.0.0.1:6' in section 'frontend' : 'alpn' : missing the comma-delimited ALPN protocol suite",
                "Proxy 'fe': no SSL certificate specified for bind '127.0.0.1:7' at [cfg:9] (use 'crt')."), alerts);
        assertTrue(build(cfg).generation() == null);
    }
}

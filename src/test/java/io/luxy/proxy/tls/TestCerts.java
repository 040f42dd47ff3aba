package io.luxy.proxy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Self-signed certificates made at test time with the openssl command (no key is committed),
 * and a JDK TLS client that reports which certificate a server presented.
 */
public final class TestCerts {

    private TestCerts() {
    }

    /** Writes HAProxy's combined PEM (certificate then key) for {@code cn} with DNS names {@code sans} to {@code dir/file}. */
    public static Path combined(Path dir, String file, String cn, String... sans) throws IOException, InterruptedException {
        Path key = dir.resolve(file + ".tmpkey");
        Path crt = dir.resolve(file + ".tmpcrt");
        List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + cn, "-keyout", key.toString(), "-out", crt.toString()));
        if (sans.length > 0) {
            cmd.add("-addext");
            cmd.add("subjectAltName=" + String.join(",", java.util.Arrays.stream(sans).map(s -> "DNS:" + s).toList()));
        }
        run(cmd);
        Path out = dir.resolve(file);
        Files.writeString(out, Files.readString(crt) + Files.readString(key));
        Files.delete(key);
        Files.delete(crt);
        return out;
    }

    /** Runs a command, failing when it exits non-zero. */
    public static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + new String(out));
        }
    }

    /** A client context trusting every certificate. */
    public static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    /** Handshakes with 127.0.0.1:port sending {@code sni} (none when null) and returns the CN the server presented. */
    public static String presentedCn(int port, String sni, String... protocols) throws Exception {
        try (SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            SSLParameters p = s.getSSLParameters();
            if (sni != null) {
                p.setServerNames(List.of(new SNIHostName(sni)));
            }
            if (protocols.length > 0) {
                p.setProtocols(protocols);
            }
            s.setSSLParameters(p);
            s.startHandshake();
            X509Certificate c = (X509Certificate) s.getSession().getPeerCertificates()[0];
            return c.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
        }
    }
}

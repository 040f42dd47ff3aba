package io.luxy.proxy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.proxy.Bind;
import io.luxy.proxy.BindAddress;

/**
 * Reads a {@code bind ADDR[,ADDR…] [ssl] [crt FILE|DIR]… [crt-list FILE] [alpn LIST]
 * [ssl-min-ver V] [ssl-max-ver V] [no-tlsvXX] [strict-sni] [proto h2]} line (HAProxy
 * doc/configuration.txt 5.1) into {@link Bind}s, loading the certificates. Keywords that do not
 * change behaviour here were validated by ProxyKeywords and are skipped. Errors are added to the
 * diagnostics with file:line in HAProxy 2.6's words, e.g.
 * {@code parsing [f.cfg:3] : 'bind :443' in section 'frontend' : unable to stat SSL certificate from file 'x.pem' : No such file or directory.}
 */
public final class BindParser {

    /** HAProxy's version names (src/ssl_sock.c methodVersions) and the JDK's, oldest first. */
    private static final List<String> HAPROXY_VERSIONS = List.of("SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> JDK_VERSIONS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> NO_FLAGS = List.of("no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13");
    private static final List<String> FORCE_FLAGS = List.of("force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13");

    private BindParser() {
    }

    /** The binds of directive {@code d} in section {@code s}; invalid ones are reported and left out. */
    public static List<Bind> parse(Directive d, Section s, Diagnostics diag) {
        String addrs = d.arg(0) == null ? "" : d.arg(0);
        String where = "'bind " + addrs + "' in section '" + s.kind().keyword() + "' : ";
        boolean ssl = false;
        boolean h2c = false;
        boolean strict = false;
        List<CertKey> certs = new ArrayList<>();
        List<String> alpn = List.of();
        int min = 3; // HAProxy 2.2+ default: ssl-min-ver TLSv1.2
        int max = 4;
        boolean[] disabled = new boolean[5];
        try {
            for (int i = 1; i < d.args().size(); i++) {
                String kw = d.arg(i);
                String v = d.arg(i + 1);
                switch (kw) {
                    case "ssl" -> ssl = true;
                    case "strict-sni" -> strict = true;
                    case "crt" -> {
                        if (v == null) {
                            throw new TlsConfigException("'crt' : missing certificate location");
                        }
                        certs.addAll(crt(Path.of(v)));
                        i++;
                    }
                    case "crt-list" -> {
                        if (v == null) {
                            throw new TlsConfigException("'crt-list' : missing certificate location");
                        }
                        certs.addAll(crtList(Path.of(v)));
                        i++;
                    }
                    case "alpn" -> {
                        if (v == null || v.isEmpty()) {
                            throw new TlsConfigException("'alpn' : missing the comma-delimited ALPN protocol suite");
                        }
                        alpn = List.of(v.split(","));
                        i++;
                    }
                    case "ssl-min-ver", "ssl-max-ver" -> {
                        int idx = v == null ? -1 : HAPROXY_VERSIONS.indexOf(v);
                        if (idx < 0) {
                            throw new TlsConfigException(v == null ? "'" + kw + "' : missing the version argument"
                                    : "'" + v + "' : unknown ssl/tls version");
                        }
                        if (kw.equals("ssl-min-ver")) {
                            min = idx;
                        } else {
                            max = idx;
                        }
                        i++;
                    }
                    case "proto" -> {
                        h2c = "h2".equals(v);
                        i++;
                    }
                    default -> {
                        if (NO_FLAGS.contains(kw)) {
                            disabled[NO_FLAGS.indexOf(kw)] = true;
                        } else if (FORCE_FLAGS.contains(kw)) {
                            min = max = FORCE_FLAGS.indexOf(kw);
                        } else if (io.luxy.proxy.ProxyKeywords.bindTakesArgument(kw)) {
                            i++;
                        }
                    }
                }
            }
        } catch (TlsConfigException e) {
            diag.alert(d.location(), where + e.getMessage());
            return List.of();
        }
        if (ssl && certs.isEmpty()) {
            diag.alert(d.location(), Diagnostic.Style.NONE, "Proxy '" + s.name() + "': no SSL certificate specified for bind '"
                    + addrs + "' at [" + d.location() + "] (use 'crt').");
            return List.of();
        }
        List<String> protocols = new ArrayList<>();
        for (int v = min; v <= max; v++) {
            if (!disabled[v]) {
                protocols.add(JDK_VERSIONS.get(v));
            }
        }
        if (ssl && h2c && alpn.isEmpty()) {
            alpn = List.of("h2"); // 'proto h2' on a TLS bind: HTTP/2 whatever the client offers
        }
        BindTls tls = ssl ? new BindTls(true, certs, alpn, protocols, strict) : BindTls.NONE;
        List<Bind> binds = new ArrayList<>();
        for (String part : addrs.split(",")) {
            BindAddress a = BindAddress.parse(part);
            if (a == null) {
                diag.alert(d.location(), "'bind' : missing port number: '" + part + "'");
            } else {
                binds.add(new Bind(a, tls, h2c && !ssl));
            }
        }
        return binds;
    }

    /** {@code crt FILE}: one certificate; {@code crt DIR}: every certificate file in it, in name order. */
    private static List<CertKey> crt(Path p) throws TlsConfigException {
        if (Files.isDirectory(p)) {
            List<CertKey> out = new ArrayList<>();
            try {
                for (Path f : PemFiles.directory(p)) {
                    out.add(PemFiles.load(f));
                }
            } catch (IOException e) {
                throw new TlsConfigException("unable to scan directory '" + p + "' for certificates.");
            }
            return out;
        }
        return List.of(PemFiles.load(p));
    }

    /** {@code crt-list FILE}: lines {@code CRTFILE [[ssl options]] [[!]SNIFILTER…]}; '#' starts a comment. */
    private static List<CertKey> crtList(Path list) throws TlsConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(list);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException("'crt-list' : cannot open file '" + list + "' : No such file or directory");
        } catch (IOException e) {
            throw new TlsConfigException("'crt-list' : cannot open file '" + list + "' : " + e.getMessage());
        }
        List<CertKey> out = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int close = line.indexOf(']');
            if (line.indexOf('[') >= 0 && close > 0) {
                line = line.substring(0, line.indexOf('[')) + " " + line.substring(close + 1); // per-line ssl options: not applied
            }
            String[] words = line.trim().split("\\s+");
            List<String> filters = List.of(words).subList(1, words.length);
            try {
                for (CertKey c : crt(Path.of(words[0]))) {
                    out.add(c.withFilters(filters));
                }
            } catch (TlsConfigException e) {
                throw new TlsConfigException("'crt-list' : " + e.getMessage());
            }
        }
        return out;
    }
}

package io.luxy.proxy.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the certificate of a {@code bind … ssl} for the client's SNI as HAProxy does
 * (src/ssl_sock.c {@code ssl_sock_switchctx_cbk}): an exact name first, then a wildcard
 * {@code *.example.com} matching exactly one more label, skipping certificates whose crt-list
 * excludes the name ({@code !name}); among several, the first whose key type the handshake can
 * use. Without a match the first certificate of the bind line serves (the default one), unless
 * {@code strict-sni} is set, which fails the handshake. Thread-safe and allocation-light: the
 * JDK calls it once per handshake and key type.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final List<CertKey> certs;
    private final boolean strictSni;

    SniKeyManager(List<CertKey> certs, boolean strictSni) {
        this.certs = List.copyOf(certs);
        this.strictSni = strictSni;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof javax.net.ssl.SSLSocket s ? s.getHandshakeSession() : null);
    }

    private String choose(String keyType, SSLSession session) {
        int i = select(serverName(session), keyType);
        return i < 0 ? null : Integer.toString(i);
    }

    /** The index of the certificate for {@code sni} (null when the client sent none) and key type, or -1. */
    int select(String sni, String keyType) {
        if (sni != null) {
            boolean named = false;
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < certs.size(); i++) {
                    CertKey c = certs.get(i);
                    if (c.excluded().contains(sni) || !(pass == 0 ? c.names().contains(sni) : wildcard(c.names(), sni))) {
                        continue;
                    }
                    named = true;
                    if (keyMatches(c.key(), keyType)) {
                        return i;
                    }
                }
                if (named) {
                    return -1; // the name is served, by certificates of another key type: let the JDK try the next type
                }
            }
            if (strictSni) {
                return -1;
            }
        } else if (strictSni) {
            return -1;
        }
        return certs.isEmpty() || !keyMatches(certs.get(0).key(), keyType) ? -1 : 0;
    }

    private static boolean wildcard(List<String> names, String sni) {
        int dot = sni.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String suffix = sni.substring(dot);
        for (String n : names) {
            if (n.startsWith("*.") && n.length() - 1 == suffix.length() && n.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean keyMatches(PrivateKey key, String keyType) {
        if (keyType == null) {
            return true;
        }
        String alg = key.getAlgorithm();
        int us = keyType.indexOf('_');
        String want = us < 0 ? keyType : keyType.substring(0, us);
        return want.equalsIgnoreCase(alg) || (want.equals("EdDSA") && (alg.equals("Ed25519") || alg.equals("Ed448")));
    }

    private static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertKey c = byAlias(alias);
        return c == null ? null : c.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertKey c = byAlias(alias);
        return c == null ? null : c.key();
    }

    private CertKey byAlias(String alias) {
        try {
            int i = Integer.parseInt(alias);
            return i >= 0 && i < certs.size() ? certs.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return java.util.stream.IntStream.range(0, certs.size()).filter(i -> keyMatches(certs.get(i).key(), keyType))
                .mapToObj(Integer::toString).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[0];
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}

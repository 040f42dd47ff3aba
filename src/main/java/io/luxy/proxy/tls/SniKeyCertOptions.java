package io.luxy.proxy.tls;

import java.security.KeyStore;
import java.security.Provider;
import java.util.List;
import java.util.function.Function;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.X509KeyManager;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;

/**
 * Vert.x key material of a {@code bind … ssl}: one {@link SniKeyManager} that picks the
 * certificate during the handshake. The per-name mappers return null so Vert.x keeps a single
 * SSL context (its SNI handler still records the client's server name for {@code ssl_fc_sni})
 * instead of caching one context per name a client sends.
 */
final class SniKeyCertOptions implements KeyCertOptions {

    private final List<CertKey> certs;
    private final boolean strictSni;
    private final KeyManagerFactory factory;

    SniKeyCertOptions(List<CertKey> certs, boolean strictSni) {
        this.certs = certs;
        this.strictSni = strictSni;
        SniKeyManager km = new SniKeyManager(certs, strictSni);
        this.factory = new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {km};
            }
        }, new Provider("luxy-sni", "1", "Luxy SNI key manager") {
        }, "luxy-sni") {
        };
    }

    @Override
    public KeyCertOptions copy() {
        return new SniKeyCertOptions(certs, strictSni);
    }

    @Override
    public KeyManagerFactory getKeyManagerFactory(Vertx vertx) {
        return factory;
    }

    @Override
    public Function<String, X509KeyManager> keyManagerMapper(Vertx vertx) {
        return name -> null;
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
        return name -> null;
    }
}

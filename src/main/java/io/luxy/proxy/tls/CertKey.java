package io.luxy.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One certificate loaded for a {@code bind … ssl}: its chain (leaf first), its private key, the
 * file it came from, and the server names it answers for. {@code names} are the crt-list SNI
 * filters when the line gave some, else the certificate's DNS subjectAltNames and CN (HAProxy
 * src/ssl_ckch.c ckch_inst_new_load_store); names are lower case, a wildcard is kept as
 * {@code *.example.com}. {@code excluded} are the crt-list's negative filters ({@code !name}).
 */
public record CertKey(String file, X509Certificate[] chain, PrivateKey key, List<String> names, List<String> excluded) {

    /** The same certificate answering for {@code filters} (crt-list SNI filters; empty keeps the certificate's names). */
    public CertKey withFilters(List<String> filters) {
        if (filters.isEmpty()) {
            return this;
        }
        List<String> pos = filters.stream().filter(f -> !f.startsWith("!")).map(f -> f.toLowerCase(java.util.Locale.ROOT)).toList();
        List<String> neg = filters.stream().filter(f -> f.startsWith("!")).map(f -> f.substring(1).toLowerCase(java.util.Locale.ROOT)).toList();
        return new CertKey(file, chain, key, pos.isEmpty() ? names : pos, neg);
    }
}

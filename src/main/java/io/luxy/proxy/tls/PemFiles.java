package io.luxy.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Loads HAProxy's PEM certificate files: the certificate chain and the private key in one file
 * (a key missing from {@code FILE} is looked for in {@code FILE.key}, as HAProxy does). Keys may be
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}),
 * unencrypted. Errors carry HAProxy 2.6's words (src/ssl_ckch.c).
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemFiles() {
    }

    /** Every certificate file of {@code dir} in name order, as HAProxy loads a crt directory (skipping .key, .ocsp, .issuer, .sctl). */
    public static List<Path> directory(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().matches(".*\\.(key|ocsp|issuer|sctl)$"))
                    .sorted().toList();
        }
    }

    /** Loads {@code file}: chain and key; names from the certificate. */
    public static CertKey load(Path file) throws TlsConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException("unable to stat SSL certificate from file '" + name + "' : No such file or directory.");
        } catch (IOException e) {
            throw new TlsConfigException("unable to load certificate from file '" + name + "'.");
        }
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
                switch (m.group(1)) {
                    case "CERTIFICATE", "TRUSTED CERTIFICATE" ->
                            chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
                    case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                        if (key == null) {
                            key = privateKey(m.group(1), der);
                        }
                    }
                    default -> {
                        // DH PARAMETERS, EC PARAMETERS… are not used by the JDK provider
                    }
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsConfigException("unable to load certificate from file '" + name + "'.");
        }
        if (chain.isEmpty()) {
            throw new TlsConfigException("unable to load certificate from file '" + name + "'.");
        }
        if (key == null) {
            Path keyFile = Path.of(name + ".key");
            if (Files.isReadable(keyFile)) {
                key = load(keyFile, chain);
            }
        }
        if (key == null) {
            throw new TlsConfigException("No Private Key found in '" + name + ".key'.");
        }
        return new CertKey(name, chain.toArray(X509Certificate[]::new), key, names(chain.get(0)), List.of());
    }

    private static PrivateKey load(Path keyFile, List<X509Certificate> chain) throws TlsConfigException {
        try {
            Matcher m = BLOCK.matcher(Files.readString(keyFile, StandardCharsets.ISO_8859_1));
            while (m.find()) {
                if (m.group(1).endsWith("PRIVATE KEY")) {
                    return privateKey(m.group(1), Base64.getMimeDecoder().decode(m.group(2).trim()));
                }
            }
            return null;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsConfigException("unable to load SSL private key from file '" + keyFile + "'.");
        }
    }

    /** The names a certificate answers for: DNS subjectAltNames then CN, lower case. */
    static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && Integer.valueOf(2).equals(san.get(0))) {
                        names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                String cn = rdn.getValue().toString().toLowerCase(Locale.ROOT);
                if (rdn.getType().equalsIgnoreCase("CN") && !names.contains(cn)) {
                    names.add(cn);
                }
            }
        } catch (java.security.cert.CertificateParsingException | InvalidNameException e) {
            // a certificate without readable names only serves as the default one
        }
        return List.copyOf(names);
    }

    private static PrivateKey privateKey(String type, byte[] der) throws GeneralSecurityException {
        return switch (type) {
            case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(concat(OID_RSA, new byte[] {0x05, 0x00}), der)));
            case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(concat(OID_EC, sec1Curve(der)), der)));
            default -> {
                GeneralSecurityException last = null;
                for (String alg : List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "XDH")) {
                    try {
                        yield KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        last = e;
                    }
                }
                throw last;
            }
        };
    }

    /** PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE { algorithm }, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, tlv(0x30, algorithm), tlv(0x04, key)));
    }

    /** The curve OID TLV in a SEC1 ECPrivateKey's {@code [0] parameters}. */
    private static byte[] sec1Curve(byte[] der) throws GeneralSecurityException {
        int[] pos = {0};
        header(der, pos, 0x30);
        int end = der.length;
        while (pos[0] < end) {
            int tag = der[pos[0]] & 0xff;
            int start = pos[0];
            int len = header(der, pos, tag);
            if (tag == 0xa0) {
                int[] inner = {pos[0]};
                int oidLen = header(der, inner, 0x06);
                return java.util.Arrays.copyOfRange(der, pos[0], inner[0] + oidLen);
            }
            pos[0] += len;
            if (pos[0] <= start) {
                break;
            }
        }
        throw new GeneralSecurityException("EC key without curve parameters");
    }

    /** Reads a DER header at {@code pos} (must have {@code tag}); returns the content length, pos moves to the content. */
    private static int header(byte[] der, int[] pos, int tag) throws GeneralSecurityException {
        if (pos[0] + 2 > der.length || (der[pos[0]] & 0xff) != tag) {
            throw new GeneralSecurityException("bad DER");
        }
        int p = pos[0] + 1;
        int len = der[p++] & 0xff;
        if (len > 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[p++] & 0xff);
            }
        }
        pos[0] = p;
        return len;
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

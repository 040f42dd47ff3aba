package io.luxy.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code balance uri path-only}: the key starts at the path of an absolute URI (HAProxy's
 * http_parse_path); {@code hdr(host) use_domain_only}: only the main domain is hashed.
 */
class HashKeyTest {

    @Test
    void pathOnly_skipsSchemeAndAuthority() {
        assertEquals("/a/b?q=1", HashKey.path("http://example.com:8080/a/b?q=1"));
        assertEquals("/a/b?q=1", HashKey.path("/a/b?q=1"));
        assertEquals("", HashKey.path("https://example.com"));
        assertEquals("", HashKey.path("*"));
    }

    @Test
    void useDomainOnly_keepsTheMainDomain() {
        assertEquals("1wt", HashKey.mainDomain("haproxy.1wt.eu"));
        assertEquals("example", HashKey.mainDomain("example.com"));
        assertEquals("localhost", HashKey.mainDomain("localhost"));
    }
}

package io.luxy.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.luxy.reload.Generation;
import io.luxy.support.LuxyTestBase;

/**
 * Every balance algorithm through a real proxy generation to real Vert.x HTTP servers on
 * loopback: shares match weights (tolerance stated per test), hashing keeps keys on their server,
 * consistent hashing moves only a removed server's keys, backups serve only when no active server
 * is usable, and weight changes apply at once.
 */
class BalanceIT extends LuxyTestBase {

    private NamedBackends backends;
    private int p1;
    private int p2;
    private int p3;

    @BeforeEach
    void servers() throws Exception {
        backends = new NamedBackends(vertx());
        p1 = freePort();
        p2 = freePort();
        p3 = freePort();
        backends.start("s1", p1);
        backends.start("s2", p2);
        backends.start("s3", p3);
    }

    private Generation proxy(int fe, String balance, String servers) throws Exception {
        return startProxy("""
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                %s
                %s
                """.formatted(fe, balance, servers));
    }

    private String servers(String s1, String s2) {
        return "    server s1 127.0.0.1:" + p1 + " " + s1 + "\n    server s2 127.0.0.1:" + p2 + " " + s2 + "\n";
    }

    @Test
    void roundrobin_sharesFollowWeights_1to3() throws Exception {
        int fe = freePort();
        proxy(fe, "    balance roundrobin", servers("weight 1", "weight 3"));
        Map<String, Integer> c = backends.count(fe, "/", 400);
        // smooth weighted round robin per event loop: exact 100/300 per full cycle, ±2 for partial cycles
        assertEquals(100, c.get("s1"), 4, c.toString());
        assertEquals(300, c.get("s2"), 4, c.toString());
    }

    @Test
    void staticRr_sharesFollowWeights() throws Exception {
        int fe = freePort();
        proxy(fe, "    balance static-rr", servers("weight 2", "weight 3"));
        Map<String, Integer> c = backends.count(fe, "/", 250);
        assertEquals(100, c.get("s1"), 2, c.toString());
        assertEquals(150, c.get("s2"), 2, c.toString());
    }

    @Test
    void roundrobin_weightChange_appliesAtOnce() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, "", servers("weight 1", "weight 1"));
        Backend be = g.model().backends().get("be");
        Map<String, Integer> c = backends.count(fe, "/", 100);
        assertEquals(50, c.get("s1"), 2, c.toString());
        be.server("s1").weight(0);
        c = backends.count(fe, "/", 50);
        assertEquals(Map.of("s2", 50), c);
        be.server("s1").weight(4);
        c = backends.count(fe, "/", 200);
        assertEquals(160, c.get("s1"), 4, c.toString());
    }

    @Test
    void backup_servesOnlyWhenNoActiveServerIsUsable() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, "", servers("", "") + "    server s3 127.0.0.1:" + p3 + " backup\n");
        Backend be = g.model().backends().get("be");
        assertTrue(!backends.count(fe, "/", 40).containsKey("s3"));
        be.server("s1").up(false);
        assertEquals(Map.of("s2", 20), backends.count(fe, "/", 20));
        be.server("s2").admin(Server.AdminState.MAINT);
        assertEquals(Map.of("s3", 20), backends.count(fe, "/", 20));
        be.server("s1").up(true);
        assertEquals(Map.of("s1", 20), backends.count(fe, "/", 20));
        be.server("s1").up(false);
        be.server("s3").up(false);
        assertEquals(Map.of("status:503", 3), backends.count(fe, "/", 3));
    }

    @Test
    void allbackups_balancesOverEveryBackup() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, "    option allbackups", "    server s1 127.0.0.1:" + p1 + "\n    server s2 127.0.0.1:" + p2
                + " backup\n    server s3 127.0.0.1:" + p3 + " backup\n");
        g.model().backends().get("be").server("s1").up(false);
        Map<String, Integer> c = backends.count(fe, "/", 40);
        assertEquals(20, c.get("s2"), 2, c.toString());
        assertEquals(20, c.get("s3"), 2, c.toString());
    }

    @Test
    void firstBackupOnly_withoutAllbackups() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, "", "    server s1 127.0.0.1:" + p1 + "\n    server s2 127.0.0.1:" + p2
                + " backup\n    server s3 127.0.0.1:" + p3 + " backup\n");
        g.model().backends().get("be").server("s1").up(false);
        assertEquals(Map.of("s2", 20), backends.count(fe, "/", 20));
    }

    @Test
    void hdrUseDomainOnly_sameMainDomainSameServer() throws Exception {
        int fe = freePort();
        proxy(fe, "    balance hdr(X-Site) use_domain_only", servers("", "") + "    server s3 127.0.0.1:" + p3 + "\n");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            String a = backends.get(fe, "/", "X-Site", "www.site" + i + ".com");
            assertEquals(a, backends.get(fe, "/", "X-Site", "api.v2.site" + i + ".org"), "only 'site" + i + "' is hashed");
            seen.add(a);
        }
        assertTrue(seen.size() > 1, seen.toString());
    }

    @Test
    void rdpCookie_inHttp_isRoundRobin() throws Exception {
        int fe = freePort();
        // no RDP cookie exists in an HTTP request: HAProxy 2.6.12 falls back to round robin (10/30 of 40 measured), so does Luxy
        proxy(fe, "    balance rdp-cookie(mstshash)", servers("weight 1", "weight 3"));
        Map<String, Integer> c = backends.count(fe, "/", 80);
        assertEquals(20, c.get("s1"), 2, c.toString());
    }

    @Test
    void leastconn_spreadsIdleRequestsOverEveryServer() throws Exception {
        int fe = freePort();
        proxy(fe, "    balance leastconn", servers("", ""));
        Map<String, Integer> c = backends.count(fe, "/", 100);
        // equal load: taken in turn (exact alternation is not guaranteed across event loops)
        assertTrue(c.get("s1") >= 30 && c.get("s2") >= 30, c.toString());
    }

    @Test
    void first_sendsEverythingToTheFirstServerWithoutMaxconn() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, "    balance first", servers("", ""));
        assertEquals(Map.of("s1", 30), backends.count(fe, "/", 30));
        g.model().backends().get("be").server("s1").up(false);
        assertEquals(Map.of("s2", 10), backends.count(fe, "/", 10));
    }

    @Test
    void random_usesEveryServerInProportionToWeight() throws Exception {
        int fe = freePort();
        proxy(fe, "    balance random(1)", servers("weight 1", "weight 3"));
        Map<String, Integer> c = backends.count(fe, "/", 400);
        // binomial(400, 0.25): sd 8.7; 5 sd of tolerance
        assertEquals(100, c.get("s1"), 45, c.toString());
    }

    @Test
    void uri_sameUriSameServer_andDepthIgnoresTheRest() throws Exception {
        int fe = freePort();
        proxy(fe, "    balance uri depth 2\n    hash-type map-based sdbm avalanche", servers("", "") + "    server s3 127.0.0.1:" + p3 + "\n");
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String key = "/k" + i + "/x";
            String a = backends.get(fe, key + "/one?q=1");
            String b = backends.get(fe, key + "/two?q=2");
            assertEquals(a, b, "depth 2 hashes /k" + i + "/x only");
            seen.put(key, a);
        }
        assertEquals(3, new java.util.HashSet<>(seen.values()).size(), "30 keys spread over the 3 servers: " + seen);
    }

    @Test
    void urlParam_hdr_source_keepKeysOnTheirServer() throws Exception {
        int fe1 = freePort();
        int fe2 = freePort();
        int fe3 = freePort();
        proxy(fe1, "    balance url_param user", servers("", ""));
        proxy(fe2, "    balance hdr(X-User)", servers("", ""));
        proxy(fe3, "    balance source", servers("", ""));
        Map<String, Integer> byParam = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String a = backends.get(fe1, "/p?a=1&user=u" + i);
            assertEquals(a, backends.get(fe1, "/other?user=u" + i + "&b=2"));
            byParam.merge(a, 1, Integer::sum);
            String h = backends.get(fe2, "/", "X-User", "u" + i);
            assertEquals(h, backends.get(fe2, "/zz", "X-User", "u" + i));
        }
        assertEquals(2, byParam.size(), byParam.toString());
        String src = backends.get(fe3, "/");
        assertEquals(Map.of(src, 10), backends.count(fe3, "/", 10));
    }

    @Test
    void consistent_removingAServerMovesOnlyItsKeys() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, "    balance uri\n    hash-type consistent", servers("", "") + "    server s3 127.0.0.1:" + p3 + "\n");
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            before.put("/obj" + i, backends.get(fe, "/obj" + i));
        }
        g.model().backends().get("be").server("s2").admin(Server.AdminState.MAINT);
        int moved = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = backends.get(fe, e.getKey());
            assertNotEquals("s2", now);
            if (!e.getValue().equals("s2")) {
                assertEquals(e.getValue(), now, "key " + e.getKey() + " of a remaining server moved");
            } else {
                moved++;
            }
        }
        assertTrue(moved > 0, "s2 owned some of 60 keys");
    }

    @Test
    void mapBased_removingAServerRemapsKeysOverTheRest() throws Exception {
        int fe = freePort();
        Generation g = proxy(fe, "    balance uri", servers("", "") + "    server s3 127.0.0.1:" + p3 + "\n");
        g.model().backends().get("be").server("s2").up(false);
        for (int i = 0; i < 30; i++) {
            String a = backends.get(fe, "/obj" + i);
            assertNotEquals("s2", a);
            assertEquals(a, backends.get(fe, "/obj" + i));
        }
    }

    private static final String PARITY = """
            defaults
                mode http
                timeout connect 2s
                timeout client 5s
                timeout server 5s
            frontend fe
                bind 127.0.0.1:%d
                use_backend hashed if { path_beg /h/ }
                default_backend be
            backend be
                balance roundrobin
                server s1 127.0.0.1:%d weight 1
                server s2 127.0.0.1:%d weight 3
            backend hashed
                balance %s
                hash-type %s
                server s1 127.0.0.1:%d
                server s2 127.0.0.1:%d
                server s3 127.0.0.1:%d
            """;

    /**
     * The same cfg in HAProxy 2.6 and Luxy: roundrobin 1:3 gives the same shares, and each hashing
     * setup (uri, uri path-only, hash EXPR; map-based, consistent, with and without avalanche and
     * other functions) places every key on the same server.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "uri|consistent", "uri|map-based", "uri|consistent sdbm avalanche", "uri|map-based djb2 avalanche",
            "uri path-only whole|consistent crc32", "hash path,lower|consistent", "hash path|map-based wt6",
            "hash url,lower|consistent djb2 avalanche", "hash url,crc32|map-based"})
    void sameCfgInHaproxy_sameSharesAndSameKeyPlacement(String balance, String hashType) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/haproxy")));
        int hp = freePort();
        int lp = freePort();
        java.nio.file.Path cfg = java.nio.file.Files.createTempFile("balance-parity", ".cfg");
        java.nio.file.Files.writeString(cfg, PARITY.formatted(hp, p1, p2, balance, hashType, p1, p2, p3));
        Process h = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            startProxy(PARITY.formatted(lp, p1, p2, balance, hashType, p1, p2, p3));
            io.luxy.support.Await.until(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", hp)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            Map<String, Integer> hc = backends.count(hp, "/", 200);
            Map<String, Integer> lc = backends.count(lp, "/", 200);
            assertEquals(50, hc.get("s1"), 2, "haproxy " + hc);
            assertEquals(hc.get("s1"), lc.get("s1"), 4, "luxy " + lc + " vs haproxy " + hc);
            int same = 0;
            for (int i = 0; i < 40; i++) {
                String path = "/h/Object-" + i + "?q=" + i;
                if (backends.get(hp, path).equals(backends.get(lp, path))) {
                    same++;
                }
            }
            assertEquals(40, same, "keys placed on the same server as HAProxy (balance " + balance + ", hash-type " + hashType + ")");
        } finally {
            h.destroy();
            h.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            java.nio.file.Files.deleteIfExists(cfg);
        }
    }
}

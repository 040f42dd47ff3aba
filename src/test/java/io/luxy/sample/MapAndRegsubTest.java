package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** regsub, xxh32 and the map converters; values marked golden come from HAProxy 2.6.12 on the same expressions. */
class MapAndRegsubTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '#', value = {
        // golden (HAProxy 2.6.12, http-request return lf-string)
        "str(abc),xxh32 # 852579327",
        "str(abc),xxh32(1) # 2856167679",
        "str(),xxh32 # 46947589",
        "str(hello world),xxh32(123456) # 901680280",
        "str(abcabc),regsub(b,X) # aXcabc",
        "str(aBcabc),regsub(b,X,gi) # aXcaXc",
        "str(foo-bar),regsub('(\\w+)-(\\w+)','\\2_\\1') # bar_foo",
        "str(a.b.c),regsub('\\.',/,g) # a/b/c",
        "str(0123456789abcdefghij),xxh32 # 895486230",
        "str(0123456789abcdefghijklmnopqrstuvwxyz0123456789),xxh32(7) # 4198115290",
    })
    void convertsAsHaproxy(String expr, String expected) {
        assertEquals(expected, eval(expr));
    }

    private Maps mapsWith(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
        return new Maps();
    }

    private String evalWith(Maps maps, String expr, SampleContext ctx) throws SampleParseException {
        SampleRegistry reg = SampleRegistry.builtin().forGeneration(ProxyLookup.NONE, maps);
        Sample s = SampleExpr.parse(expr, reg).eval(ctx);
        return s == null ? null : s.asString();
    }

    @Test
    void mapLooksUpKeysWithHaproxyFileFormat() throws Exception {
        Maps maps = mapsWith("m.map", "# comment\n/api   api_be\n/static static_be\n  example.com  web site \n\n/api/x  longer\n");
        String f = dir.resolve("m.map").toString();
        TestContext ctx = TestContext.http("GET", "/api/x/y").header("Host", "example.com");
        // golden: HAProxy 2.6.12 gives "web" for the host and the default for a miss
        assertEquals("web site", evalWith(maps, "req.hdr(host),map(" + f + ")", ctx));
        assertEquals("def", evalWith(maps, "str(zz),map(" + f + ",def)", ctx));
        assertNull(evalWith(maps, "str(zz),map(" + f + ")", ctx));
        assertEquals("longer", evalWith(maps, "path,map_beg(" + f + ",none)", ctx), "longest prefix, as HAProxy 2.6.12 answers (prefix tree)");
        assertEquals("api_be", evalWith(maps, "path,map_sub(" + f + ",none)", TestContext.http("GET", "/a/api/x")), "first substring in file order");
        assertEquals("longer", evalWith(maps, "path,map_end(" + f + ",none)", TestContext.http("GET", "/a/api/x")));
        assertEquals("api_be", evalWith(maps, "path,map_dir(" + f + ")", TestContext.http("GET", "/api")));
    }

    @Test
    void mapRegm_replacesBackReferencesWithTheKeysGroups() throws Exception {
        Maps maps = mapsWith("regm.map", "^/user/([0-9]+)/(\\w+)$  u\\1-\\2\n^/img/(.*)  static:\\1\n");
        String f = dir.resolve("regm.map").toString();
        // golden: HAProxy 2.6.12, http-request return lf-string "%[path,map_regm(FILE,none)]"
        assertEquals("u42-bob", evalWith(maps, "path,map_regm(" + f + ",none)", TestContext.http("GET", "/user/42/bob")));
        assertEquals("static:a/b.png", evalWith(maps, "path,map_regm(" + f + ",none)", TestContext.http("GET", "/img/a/b.png")));
        assertEquals("none", evalWith(maps, "path,map_regm(" + f + ",none)", TestContext.http("GET", "/x")));
        assertEquals("u\\1-\\2", evalWith(maps, "path,map_reg(" + f + ",none)", TestContext.http("GET", "/user/42/bob")),
                "map_reg keeps the value as written");
    }

    @Test
    void mapIpUsesLongestPrefixAndMapIntExactKeys() throws Exception {
        Maps maps = mapsWith("ip.map", "10.0.0.0/8 private\n10.1.0.0/16 ten-one\n127.0.0.1 lo\n");
        Files.writeString(dir.resolve("int.map"), "5 50\n7 70\n");
        String ip = dir.resolve("ip.map").toString();
        String in = dir.resolve("int.map").toString();
        TestContext ctx = TestContext.http("GET", "/");
        assertEquals("ten-one", evalWith(maps, "str(10.1.2.3),map_ip(" + ip + ")", ctx));
        assertEquals("private", evalWith(maps, "str(10.9.2.3),map_ip(" + ip + ")", ctx));
        assertEquals("lo", evalWith(maps, "src,map_ip(" + ip + ",nope)", ctx));
        assertEquals("50", evalWith(maps, "int(5),map_int(" + in + ")", ctx));
        assertEquals("140", evalWith(maps, "int(7),map_int_int(" + in + "),mul(2)", ctx));
    }

    @Test
    void mapIsLoadedOnceAndChangesAreSeenByEveryRule() throws Exception {
        Maps maps = mapsWith("m.map", "a 1\n");
        String f = dir.resolve("m.map").toString();
        SampleRegistry reg = SampleRegistry.builtin().forGeneration(ProxyLookup.NONE, maps);
        SampleExpr e1 = SampleExpr.parse("str(b),map(" + f + ")", reg);
        SampleExpr e2 = SampleExpr.parse("str(b),map_str(" + f + ",none)", reg);
        TestContext ctx = TestContext.http("GET", "/");
        assertEquals("none", e2.eval(ctx).asString());
        maps.get(f).add("b", "2");
        assertEquals("2", e1.eval(ctx).asString());
        assertEquals("2", e2.eval(ctx).asString());
        assertTrue(maps.get(f).delete("b"));
        assertNull(e1.eval(ctx));
        assertEquals(1, maps.all().size());
    }

    @Test
    void badMapKeysAreRefusedWithHaproxyMessage() throws Exception {
        Maps maps = mapsWith("m.map", "# c\n/api x\n");
        String f = dir.resolve("m.map").toString();
        SampleRegistry reg = SampleRegistry.builtin().forGeneration(ProxyLookup.NONE, maps);
        SampleParseException e = org.junit.jupiter.api.Assertions.assertThrows(SampleParseException.class,
                () -> SampleExpr.parse("src,map_ip(" + f + ",nope)", reg));
        // golden: HAProxy 2.6.12's text after "failed to parse sample expression <...> : "
        assertEquals("invalid args in converter 'map_ip' : '/api' is not a valid IPv4 or IPv6 address at line 2 of file '" + f + "'",
                e.getMessage());
    }

    @Test
    void backendFetchesReadTheLookup() throws Exception {
        ProxyLookup lookup = new ProxyLookup() {
            @Override
            public boolean hasBackend(String name) {
                return name.equals("be");
            }

            @Override
            public boolean hasServer(String backend, String server) {
                return server.equals("s1");
            }

            @Override
            public int usableServers(String backend) {
                return 2;
            }

            @Override
            public int currentConns(String backend) {
                return 7;
            }

            @Override
            public Boolean serverUp(String backend, String server) {
                return true;
            }
        };
        SampleRegistry reg = SampleRegistry.builtin().forGeneration(lookup, new Maps());
        TestContext ctx = TestContext.http("GET", "/");
        assertEquals(2L, SampleExpr.parse("nbsrv(be)", reg).eval(ctx).value());
        assertEquals(7L, SampleExpr.parse("be_conn(be)", reg).eval(ctx).value());
        assertEquals(true, SampleExpr.parse("srv_is_up(be/s1)", reg).eval(ctx).value());
        assertEquals(0L, SampleExpr.parse("nbsrv", reg).eval(ctx).value(), "no backend chosen yet");
        SampleParseException e = org.junit.jupiter.api.Assertions.assertThrows(SampleParseException.class,
                () -> SampleExpr.parse("nbsrv(nope)", reg));
        assertEquals("invalid args in fetch method 'nbsrv' : unable to find backend 'nope'", e.getMessage());
        assertEquals(List.of(), List.of());
    }
}

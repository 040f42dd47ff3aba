package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.luxy.Keywords;
import io.luxy.config.mapping.LuxyConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyConfigSourceTest {

    static final String CFG = "src/test/resources/cfg/valid/defaults_inheritance.cfg";

    /** A SmallRye config as Quarkus builds it: the factory, application properties (250) and the mapping. */
    static SmallRyeConfig config(Map<String, String> applicationProperties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("luxy.config", CFG), "bootstrap", 100))
                .withSources(new HaproxyConfigSourceFactory())
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withMapping(LuxyConfig.class)
                .build();
    }

    @Test
    void shouldProjectSectionsOntoLuxyProperties() {
        Map<String, String> p = HaproxyConfigSource.project(ConfigLoader.load(List.of(Path.of(CFG)), Keywords.standard()).config());
        assertEquals("http", p.get("luxy.frontends.fe_main.mode"));
        assertEquals(":8000", p.get("luxy.frontends.fe_main.bind[0]"));
        assertEquals("app", p.get("luxy.frontends.fe_main.default-backend"));
        assertEquals("5s", p.get("luxy.frontends.fe_main.timeout.client"));
        assertEquals("30s", p.get("luxy.backends.app.timeout.server"));
        assertEquals("roundrobin", p.get("luxy.backends.app.balance"));
        assertEquals("127.0.0.1:8080", p.get("luxy.backends.app.servers.s1.address"));
        assertEquals("10", p.get("luxy.backends.app.servers.s1.weight"));
        assertEquals("tcp", p.get("luxy.backends.tcp_in.mode"));
        assertEquals("tcp", p.get("luxy.frontends.tcp_in.mode"));
    }

    @Test
    void shouldSizeEventLoopsAsHaproxySizesThreads(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, String> p = HaproxyConfigSource.project(ConfigLoader.load(List.of(Path.of(CFG)), Keywords.standard()).config());
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()), p.get(HaproxyConfigSource.EVENT_LOOPS));
        Path cfg = java.nio.file.Files.writeString(dir.resolve("t.cfg"), "global\n    nbthread 3\n    nbthread 5\n");
        Map<String, String> q = HaproxyConfigSource.project(ConfigLoader.load(List.of(cfg), Keywords.standard()).config());
        assertEquals("5", q.get(HaproxyConfigSource.EVENT_LOOPS));
    }

    @Test
    void shouldMapTypedViewFromHaproxyCfg() {
        LuxyConfig cfg = config(Map.of()).getConfigMapping(LuxyConfig.class);
        assertEquals(List.of(":8000"), cfg.frontends().get("fe_main").bind().orElseThrow());
        assertEquals("127.0.0.1:8080", cfg.backends().get("app").servers().get("s1").address());
        assertEquals("2s", cfg.backends().get("tcp_in").timeout().get("connect"));
    }

    @Test
    void shouldLetApplicationPropertiesOverrideTheCfg() {
        SmallRyeConfig config = config(Map.of(
                "luxy.backends.app.servers.s1.address", "127.0.0.1:9999",
                "luxy.backends.app.servers.s2.weight", "5",
                "luxy.frontends.fe_main.bind[0]", "127.0.0.1:8443",
                "luxy.frontends.fe_main.timeout.client", "7s"));
        LuxyConfig cfg = config.getConfigMapping(LuxyConfig.class);
        ConfigFile ast = ConfigLoader.load(List.of(Path.of(CFG)), Keywords.standard()).config();

        ConfigFile effective = ConfigOverrides.apply(ast, cfg);

        Section app = effective.backend("app").orElseThrow();
        Directive s1 = app.all("server").get(0);
        assertEquals(List.of("s1", "127.0.0.1:9999", "weight", "10", "check", "inter", "2s", "rise", "2", "fall", "3"), s1.args());
        assertEquals(new Location(CFG, 20), s1.location());
        assertEquals(List.of("s2", "127.0.0.1:8081", "backup", "weight", "5"), app.all("server").get(1).args());
        Section fe = effective.sections().stream().filter(s -> s.name().equals("fe_main")).findFirst().orElseThrow();
        assertEquals(List.of("127.0.0.1:8443"), fe.all("bind").get(0).args());
        assertEquals(new Location(CFG, 14), fe.all("bind").get(0).location());
        assertEquals("7s", fe.inherited("timeout", "client").orElseThrow().arg(1));
        assertSame(ast.backend("tcp_in").orElseThrow(), effective.backend("tcp_in").orElseThrow());
    }

    @Test
    void shouldLeaveAstAloneWithoutOverrides() {
        LuxyConfig cfg = config(Map.of()).getConfigMapping(LuxyConfig.class);
        ConfigFile ast = ConfigLoader.load(List.of(Path.of(CFG)), Keywords.standard()).config();
        ConfigFile effective = ConfigOverrides.apply(ast, cfg);
        for (int i = 0; i < ast.sections().size(); i++) {
            assertSame(ast.sections().get(i), effective.sections().get(i), ast.sections().get(i).name());
        }
    }
}

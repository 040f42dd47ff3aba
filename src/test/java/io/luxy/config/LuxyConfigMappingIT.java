package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.luxy.config.mapping.LuxyConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quarkus boots with the haproxy.cfg source and the luxy mapping, and a higher source overrides the cfg. */
@QuarkusTest
@TestProfile(LuxyConfigMappingIT.Cfg.class)
class LuxyConfigMappingIT {

    /** Points luxy.config at a fixture and overrides one server address, as application.properties would. */
    public static class Cfg implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("luxy.config", "src/test/resources/cfg/valid/defaults_inheritance.cfg",
                    "luxy.backends.app.servers.s1.address", "127.0.0.1:9999");
        }
    }

    @Inject
    LuxyConfig luxy;

    @Test
    void shouldExposeHaproxyCfgThroughConfigMapping() {
        assertEquals(List.of(":8000"), luxy.frontends().get("fe_main").bind().orElseThrow());
        assertEquals("roundrobin", luxy.backends().get("app").balance().orElseThrow());
        assertEquals("127.0.0.1:9999", luxy.backends().get("app").servers().get("s1").address());
        assertEquals("127.0.0.1:8081", luxy.backends().get("app").servers().get("s2").address());
    }
}

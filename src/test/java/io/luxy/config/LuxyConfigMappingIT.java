package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.luxy.config.mapping.LuxyConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quarkus boots with the haproxy.cfg source and the luxy mapping, and a higher source overrides the cfg. */
@QuarkusTest
@TestProfile(LuxyConfigMappingIT.Cfg.class)
class LuxyConfigMappingIT {

    /**
     * Points luxy.config at a copy of a fixture whose binds are moved to free loopback ports, and
     * overrides one server address, as application.properties would.
     */
    public static class Cfg implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                String text = Files.readString(Path.of("src/test/resources/cfg/valid/defaults_inheritance.cfg"))
                        .replace("bind :8000", "bind 127.0.0.1:" + freePort())
                        .replace("bind :9000", "bind 127.0.0.1:" + freePort());
                Path cfg = Files.createTempFile("defaults_inheritance", ".cfg");
                cfg.toFile().deleteOnExit();
                Files.writeString(cfg, text);
                return Map.of("luxy.config", cfg.toString(), "luxy.backends.app.servers.s1.address", "127.0.0.1:9999");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Inject
    LuxyConfig luxy;

    @Test
    void shouldExposeHaproxyCfgThroughConfigMapping() {
        // the profile runs in Quarkus's class loader, so its port is read back from the cfg file
        List<String> bind = luxy.frontends().get("fe_main").bind().orElseThrow();
        assertEquals(1, bind.size());
        assertTrue(bind.get(0).matches("127\\.0\\.0\\.1:[0-9]+"), bind.toString());
        assertEquals("roundrobin", luxy.backends().get("app").balance().orElseThrow());
        assertEquals("127.0.0.1:9999", luxy.backends().get("app").servers().get("s1").address());
        assertEquals("127.0.0.1:8081", luxy.backends().get("app").servers().get("s2").address());
    }
}

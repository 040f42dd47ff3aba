package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the reference, {@code /usr/sbin/haproxy -c}, on each invalid fixture and checks that every
 * line Luxy expects is a line HAProxy prints (HAProxy may print more, e.g. for Lua services it loaded).
 */
class HaproxyParityTest {

    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    static Stream<Path> invalid() throws IOException {
        return CfgFixtureTest.invalid();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldPrintTheSameMessagesAsHaproxy(Path cfg) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed");
        Process p = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", cfg.getFileName().toString())
                .directory(cfg.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : CfgFixtureTest.expected(cfg).split("\n")) {
            assertTrue(out.lines().anyMatch(l -> l.endsWith(" : config : " + line) || l.equals(line)),
                    () -> "haproxy does not print «" + line + "» for " + cfg + ":\n" + out);
        }
    }
}

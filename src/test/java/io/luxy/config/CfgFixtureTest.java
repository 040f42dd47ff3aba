package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.luxy.Keywords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture under cfg/invalid and cfg/valid gives exactly the messages of its .expected file. */
class CfgFixtureTest {

    static final Path ROOT = Path.of("src/test/resources/cfg");
    static final Map<String, String> ENV = Map.of("LUXY_TEST_PORT", "8000", "LUXY_TEST_WORDS", "a b");

    static Stream<Path> invalid() throws IOException {
        return fixtures("invalid");
    }

    static Stream<Path> valid() throws IOException {
        return fixtures("valid");
    }

    static Stream<Path> fixtures(String dir) throws IOException {
        return Files.list(ROOT.resolve(dir)).filter(p -> p.toString().endsWith(".cfg")).sorted();
    }

    /** Loads a fixture under its bare file name, as {@code haproxy -c -f NAME} run in its folder prints it. */
    static ConfigResult load(Path cfg) throws IOException {
        return ConfigLoader.loadText(cfg.getFileName().toString(), Files.readString(cfg), Keywords.standard(), ENV::get);
    }

    static String expected(Path cfg) throws IOException {
        Path exp = Path.of(cfg.toString().replaceAll("\\.cfg$", ".expected"));
        return Files.exists(exp) ? Files.readString(exp) : "";
    }

    static String texts(ConfigResult r) {
        return r.diagnostics().all().stream().map(d -> d.text() + "\n").collect(Collectors.joining());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRefuseInvalidFixtureWithHaproxyMessages(Path cfg) throws IOException {
        ConfigResult r = load(cfg);
        assertTrue(r.refused(), cfg + " must be refused");
        assertEquals(expected(cfg), texts(r), cfg.toString());
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldAcceptValidFixtureWithOnlyExpectedWarnings(Path cfg) throws IOException {
        ConfigResult r = load(cfg);
        assertFalse(r.refused(), () -> texts(r));
        assertEquals(expected(cfg), texts(r), cfg.toString());
    }
}

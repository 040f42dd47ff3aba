package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.luxy.Keywords;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CfgParserTest {

    private static List<String> words(String line, Map<String, String> env) {
        LineTokenizer.Result r = LineTokenizer.split(line, env::get);
        assertNull(r.error(), line);
        return r.words();
    }

    private static List<String> words(String line) {
        return words(line, Map.of());
    }

    @Test
    void shouldSplitWordsOnBlanksAndDropComments() {
        assertEquals(List.of("bind", "*:80", "name", "x"), words("bind\t *:80  name x # comment"));
    }

    @Test
    void shouldUnquoteAndUnescapeAsHaproxy() {
        assertEquals(List.of("description", "two words", "single $X", "back slash", "#hash", "quote\"d", "it's"),
                words("description \"two words\" 'single $X' back\\ slash \\#hash \"quote\\\"d\" it\\'s"));
        assertEquals(List.of("a\tb", "A"), words("a\\tb \\x41"));
        assertEquals(List.of("path\\1"), words("path\\1"));
    }

    @Test
    void shouldExpandEnvironmentOnlyInsideDoubleQuotes() {
        Map<String, String> env = Map.of("PORT", "8000", "WORDS", "a b");
        assertEquals(List.of("bind", "*:8000", "$PORT", "${PORT}"), words("bind \"*:${PORT}\" $PORT '${PORT}'", env));
        assertEquals(List.of("x", "8000"), words("x \"$PORT\"", env));
        assertEquals(List.of("x", "5s"), words("x \"${UNSET-5s}\"", env));
        assertEquals(List.of("x", "a", "b"), words("x \"${WORDS[*]}\"", env));
        assertEquals(List.of("x", "a b"), words("x \"${WORDS}\"", env));
        assertEquals(List.of("x", "", "5s"), words("x \"${UNSET}\" 5s", env));
        assertEquals(List.of("x", "$PORT"), words("x \"\\$PORT\"", env));
    }

    @Test
    void shouldReportUnmatchedQuoteWithPosition() {
        LineTokenizer.Result r = LineTokenizer.split("pidfile \"abc", n -> null);
        assertEquals(LineTokenizer.Error.QUOTE, r.error());
        assertEquals(8, r.errorPos());
    }

    @Test
    void shouldRefuseUnknownKeywordWithSuggestion() {
        ConfigResult r = ConfigLoader.loadText("typo.cfg", """
                global
                    daemon

                frontend fe_main
                    bind *:80
                    default_backend checktcp

                backed checktcp
                  mode http
                """, Keywords.standard(), n -> null);
        assertTrue(r.refused());
        assertEquals("parsing [typo.cfg:8] : unknown keyword 'backed' in 'frontend' section; did you mean 'backend' maybe ?",
                r.diagnostics().alerts().get(0).text());
    }

    @Test
    void shouldKeepFileAndLineOfEveryDirective() {
        ConfigResult r = ConfigLoader.load(List.of(Path.of("src/test/resources/cfg/valid/defaults_inheritance.cfg")),
                Keywords.standard(), n -> null);
        Section app = r.config().backend("app").orElseThrow();
        Directive s2 = app.all("server").get(1);
        assertEquals(new Location("src/test/resources/cfg/valid/defaults_inheritance.cfg", 21), s2.location());
        assertEquals(List.of("s2", "127.0.0.1:8081", "backup"), s2.args());
    }

    @Test
    void shouldInheritFromLastOrNamedDefaults() {
        ConfigResult r = ConfigLoader.load(List.of(Path.of("src/test/resources/cfg/valid/defaults_inheritance.cfg")),
                Keywords.standard(), n -> null);
        assertFalse(r.refused());
        Section app = r.config().backend("app").orElseThrow();
        assertEquals("http", Validator.mode(app));
        assertEquals("30s", app.inherited("timeout", "server").orElseThrow().arg(1));
        assertEquals("5s", app.inherited("timeout", "connect").orElseThrow().arg(1));
        Section tcpIn = r.config().backend("tcp_in").orElseThrow();
        assertEquals("tcp", Validator.mode(tcpIn));
        assertEquals("2s", tcpIn.inherited("timeout", "connect").orElseThrow().arg(1));
    }

    @Test
    void shouldReadFilesThenDirectoryInLexicalOrder() {
        ConfigResult r = ConfigLoader.load(List.of(Path.of("src/test/resources/cfg/multi/00-global.cfg"),
                Path.of("src/test/resources/cfg/multi/conf.d")), Keywords.standard(), n -> null);
        assertEquals(List.of("00-global.cfg", "10-defaults.cfg", "20-frontend.cfg", "30-backend.cfg"),
                r.config().sources().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of(SectionKind.GLOBAL, SectionKind.DEFAULTS, SectionKind.FRONTEND, SectionKind.BACKEND),
                r.config().sections().stream().map(Section::kind).toList());
        assertEquals(List.of("parsing [src/test/resources/cfg/multi/conf.d/30-backend.cfg:3] : unknown keyword 'bogus' in 'backend' section"),
                r.diagnostics().all().stream().map(Diagnostic::text).toList());
        assertEquals("http", Validator.mode(r.config().backend("be").orElseThrow()));
    }

    @Test
    void shouldReportMissingFileAsHaproxy() {
        ConfigResult r = ConfigLoader.load(List.of(Path.of("nope/haproxy.cfg")), Keywords.standard());
        assertEquals("Could not open configuration file nope/haproxy.cfg : No such file or directory",
                r.diagnostics().alerts().get(0).text());
    }

    @Test
    void shouldStartEachFileOutOfSection() {
        ConfigResult r = ConfigLoader.load(List.of(Path.of("src/test/resources/cfg/multi/conf.d/10-defaults.cfg"),
                Path.of("src/test/resources/cfg/multi/conf.d/30-backend.cfg")), Keywords.standard(), n -> null);
        assertEquals(2, r.config().sections().size());
    }
}

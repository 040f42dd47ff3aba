package io.luxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HaproxyDiagnosticsPrinterTest {

    @Test
    void shouldPrintAlertsPerFileThenFatalLineAsHaproxy() {
        Diagnostics d = new Diagnostics();
        d.alert(new Location("d/a.cfg", 2), "unknown keyword 'bogus1' in 'global' section");
        d.alert(new Location("d/b.cfg", 3), "unknown keyword 'bogus' in 'frontend' section");
        assertEquals(List.of(
                "[ALERT]    (42) : config : parsing [d/a.cfg:2] : unknown keyword 'bogus1' in 'global' section",
                "[ALERT]    (42) : config : Error(s) found in configuration file : d/a.cfg",
                "[ALERT]    (42) : config : parsing [d/b.cfg:3] : unknown keyword 'bogus' in 'frontend' section",
                "[ALERT]    (42) : config : Error(s) found in configuration file : d/b.cfg",
                "[ALERT]    (42) : config : Fatal errors found in configuration."), HaproxyDiagnosticsPrinter.stderr(d, 42));
        assertEquals(List.of(), HaproxyDiagnosticsPrinter.stdout(d));
    }

    @Test
    void shouldPrintWarningsAndValidVerdict() {
        Diagnostics d = new Diagnostics();
        d.warning(new Location("x.cfg", 1), Diagnostic.Style.NONE, "frontend 'f' has no 'bind' directive. Please declare it as a backend if this was intended.");
        assertEquals(List.of("[WARNING]  (7) : config : frontend 'f' has no 'bind' directive. Please declare it as a backend if this was intended."),
                HaproxyDiagnosticsPrinter.stderr(d, 7));
        assertEquals(List.of("Warnings were found.", "Configuration file is valid"), HaproxyDiagnosticsPrinter.stdout(d));
    }

    @Test
    void shouldStopWithoutFatalLineAfterAbort() {
        Diagnostics d = new Diagnostics();
        d.abort(new Location("x.cfg", 10), Diagnostic.Style.PARSING, "error detected in frontend 'f' while parsing 'http-request deny' rule : Unexpected status code '0'.");
        assertEquals(List.of(
                "[ALERT]    (1) : config : parsing [x.cfg:10] : error detected in frontend 'f' while parsing 'http-request deny' rule : Unexpected status code '0'.",
                "[ALERT]    (1) : config : Error(s) found in configuration file : x.cfg"), HaproxyDiagnosticsPrinter.stderr(d, 1));
    }
}

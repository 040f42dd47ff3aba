package io.luxy.lua.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.luxy.config.Diagnostic;
import io.luxy.support.LuxyTestBase;

/**
 * {@code tune.lua.*} values are checked with HAProxy 2.6.12's messages (each expectation below was
 * produced by {@code haproxy -c} on this machine); accepted values give no message.
 */
class LuaTuneKeywordsTest extends LuxyTestBase {

    private List<String> messages(String line) throws Exception {
        return build("global\n    " + line + "\n").diagnostics().all().stream().map(Diagnostic::text).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "tune.lua.forced-yield abc|tune.lua.forced-yield: invalid number",
        "tune.lua.forced-yield 12x|tune.lua.forced-yield: invalid number",
        "tune.lua.maxmem abc|tune.lua.maxmem: invalid number abc (error at 'a')",
        "tune.lua.maxmem 12x|tune.lua.maxmem: invalid number 12x (error at 'x')",
        "tune.lua.maxmem|'tune.lua.maxmem' expects an integer argument (Lua memory size in MB).",
        "tune.lua.session-timeout abc|tune.lua.session-timeout: invalid timeout",
        "tune.lua.service-timeout|tune.lua.service-timeout: invalid timeout",
        "tune.lua.task-timeout 10x|tune.lua.task-timeout: invalid timeout",
        "tune.lua.session-timeout 5000000000|timer overflow in argument <5000000000> to <tune.lua.session-timeout> (maximum value is 2147483647 ms or ~24.8 days)",
    })
    void invalidValues_areRefusedWithHaproxysMessage(String line, String message) throws Exception {
        List<String> all = messages(line);
        assertEquals(1, all.size(), all.toString());
        String text = all.get(0);
        assertEquals(message, text.substring(text.indexOf("] : ") + 4));
    }

    @ParameterizedTest
    @CsvSource({
        "tune.lua.forced-yield 500", "tune.lua.forced-yield", "tune.lua.forced-yield -5", "tune.lua.forced-yield 0",
        "tune.lua.maxmem 64", "tune.lua.session-timeout 100ms", "tune.lua.session-timeout 100",
        "tune.lua.service-timeout 4s", "tune.lua.task-timeout 1m",
    })
    void validValues_areAccepted(String line) throws Exception {
        assertEquals(List.of(), messages(line));
    }
}

package io.luxy.sample;

import static io.luxy.sample.SampleTestSupport.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hash converters against values printed by HAProxy 2.6.12 ({@code lf-string "%[str(abc),sdbm(1)]"}). */
class HashGoldenTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "str(abc),sdbm(0) | 807794786",
        "str(abc),sdbm(1) | 659243622",
        "str(abc),djb2 | 193485963",
        "str(abc),djb2(1) | 2235766107",
        "str(abc),crc32 | 891568578",
        "str(abc),crc32(1) | 930845320",
        "str(abc),wt6 | 2483038440",
        "str(abc),wt6(1) | 266135527",
        "str(hello world),sdbm | 430867652",
        "str(hello world),djb2 | 894552257",
        "str(hello world),crc32 | 222957957",
        "str(hello world),wt6 | 1866899626",
        "str(),sdbm | 0",
        "int(1),sdbm | 1",
    })
    void hashMatchesHaproxy(String expr, String expected) {
        assertEquals(expected, eval(expr));
    }
}

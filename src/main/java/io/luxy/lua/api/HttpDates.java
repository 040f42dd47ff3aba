package io.luxy.lua.api;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code core.http_date}, {@code core.imf_date}, {@code core.rfc850_date} and
 * {@code core.asctime_date} (HAProxy src/http.c {@code parse_http_date}, RFC 7231 7.1.1.1):
 * the three HTTP date formats to epoch seconds, or null when the text is not a valid date.
 * A two-digit RFC 850 year below 70 is in the 2000s.
 */
final class HttpDates {

    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec");
    private static final String DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
    private static final String MON = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
    private static final String TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
    private static final Pattern IMF = Pattern.compile(DAY + ", (\\d{2}) " + MON + " (\\d{4}) " + TIME + " GMT");
    private static final Pattern RFC850 = Pattern.compile("(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-"
            + MON + "-(\\d{2}) " + TIME + " GMT");
    private static final Pattern ASCTIME = Pattern.compile(DAY + " " + MON + " ([ \\d]\\d) " + TIME + " (\\d{4})");

    private HttpDates() {
    }

    /** Any of the three formats. */
    static Long http(String s) {
        Long v = imf(s);
        if (v == null) {
            v = rfc850(s);
        }
        return v == null ? asctime(s) : v;
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static Long imf(String s) {
        Matcher m = IMF.matcher(s);
        return m.matches() ? epoch(m.group(3), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6)) : null;
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    static Long rfc850(String s) {
        Matcher m = RFC850.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int yy = Integer.parseInt(m.group(3));
        return epoch(Integer.toString(yy < 70 ? 2000 + yy : 1900 + yy), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6));
    }

    /** {@code Sun Nov  6 08:49:37 1994}. */
    static Long asctime(String s) {
        Matcher m = ASCTIME.matcher(s);
        return m.matches() ? epoch(m.group(6), m.group(1), m.group(2).trim(), m.group(3), m.group(4), m.group(5)) : null;
    }

    private static Long epoch(String year, String month, String day, String h, String min, String sec) {
        try {
            return LocalDateTime.of(Integer.parseInt(year), MONTHS.indexOf(month) + 1, Integer.parseInt(day), Integer.parseInt(h),
                    Integer.parseInt(min), Integer.parseInt(sec)).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}

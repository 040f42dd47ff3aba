package io.luxy.lua.stdlib;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code os.date([format [, time]])} as Lua 5.3 on glibc in the C locale: every C99 strftime
 * conversion ({@code %a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %m %M %n %p %r %R %S %t %T
 * %u %U %V %w %W %x %X %y %Y %z %Z %%} and the {@code E}/{@code O} modifiers), a leading
 * {@code !} for UTC and {@code *t} for a table. LuaJ rejects {@code %T} and {@code %Z}
 * (HAPROXY-LUA-API.md), which HAProxy's mailers.lua uses.
 */
final class OsDate {

    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String PLAIN = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
    private static final String WITH_E = "cCxXyY";
    private static final String WITH_O = "deHImMSuUVwWy";

    private OsDate() {
    }

    /** Formats {@code epochSeconds}; returns a string or, for {@code *t}, a table. */
    static LuaValue date(String format, long epochSeconds) {
        boolean utc = format.startsWith("!");
        if (utc) {
            format = format.substring(1);
        }
        ZoneId zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(zone);
        if (format.startsWith("*t")) {
            LuaTable tb = new LuaTable();
            tb.set("year", t.getYear());
            tb.set("month", t.getMonthValue());
            tb.set("day", t.getDayOfMonth());
            tb.set("hour", t.getHour());
            tb.set("min", t.getMinute());
            tb.set("sec", t.getSecond());
            tb.set("wday", t.getDayOfWeek().getValue() % 7 + 1);
            tb.set("yday", t.getDayOfYear());
            tb.set("isdst", LuaValue.valueOf(!utc && zone.getRules().isDaylightSavings(t.toInstant())));
            return tb;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= format.length()) {
                throw new LuaError("bad argument #1 to 'date' (invalid conversion specifier '%')");
            }
            char conv = format.charAt(++i);
            if (conv == 'E' || conv == 'O') {
                char next = i + 1 < format.length() ? format.charAt(i + 1) : 0;
                if ((conv == 'E' ? WITH_E : WITH_O).indexOf(next) < 0 || next == 0) {
                    throw new LuaError("bad argument #1 to 'date' (invalid conversion specifier '%" + conv
                            + (next == 0 ? "" : String.valueOf(next)) + "')");
                }
                conv = format.charAt(++i);
            } else if (PLAIN.indexOf(conv) < 0) {
                throw new LuaError("bad argument #1 to 'date' (invalid conversion specifier '%" + conv + "')");
            }
            append(sb, conv, t, utc);
        }
        return LuaValue.valueOf(sb.toString());
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static void append(StringBuilder sb, char conv, ZonedDateTime t, boolean utc) {
        int wday = t.getDayOfWeek().getValue() % 7; // 0 = Sunday
        switch (conv) {
            case 'a' -> sb.append(DAYS[wday], 0, 3);
            case 'A' -> sb.append(DAYS[wday]);
            case 'b', 'h' -> sb.append(MONTHS[t.getMonthValue() - 1], 0, 3);
            case 'B' -> sb.append(MONTHS[t.getMonthValue() - 1]);
            case 'c' -> {
                append(sb, 'a', t, utc);
                sb.append(' ');
                append(sb, 'b', t, utc);
                sb.append(' ');
                append(sb, 'e', t, utc);
                sb.append(' ');
                append(sb, 'T', t, utc);
                sb.append(' ').append(t.getYear());
            }
            case 'C' -> sb.append(two(Math.floorDiv(t.getYear(), 100)));
            case 'd' -> sb.append(two(t.getDayOfMonth()));
            case 'D', 'x' -> sb.append(two(t.getMonthValue())).append('/').append(two(t.getDayOfMonth())).append('/')
                    .append(two(Math.floorMod(t.getYear(), 100)));
            case 'e' -> sb.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
            case 'F' -> sb.append(String.format("%d-%s-%s", t.getYear(), two(t.getMonthValue()), two(t.getDayOfMonth())));
            case 'g' -> sb.append(two(Math.floorMod(t.get(IsoFields.WEEK_BASED_YEAR), 100)));
            case 'G' -> sb.append(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'H' -> sb.append(two(t.getHour()));
            case 'I' -> sb.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
            case 'j' -> sb.append(String.format("%03d", t.getDayOfYear()));
            case 'm' -> sb.append(two(t.getMonthValue()));
            case 'M' -> sb.append(two(t.getMinute()));
            case 'n' -> sb.append('\n');
            case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
            case 'r' -> {
                append(sb, 'I', t, utc);
                sb.append(':').append(two(t.getMinute())).append(':').append(two(t.getSecond())).append(' ');
                append(sb, 'p', t, utc);
            }
            case 'R' -> sb.append(two(t.getHour())).append(':').append(two(t.getMinute()));
            case 'S' -> sb.append(two(t.getSecond()));
            case 't' -> sb.append('\t');
            case 'T', 'X' -> sb.append(two(t.getHour())).append(':').append(two(t.getMinute())).append(':').append(two(t.getSecond()));
            case 'u' -> sb.append(wday == 0 ? 7 : wday);
            case 'U' -> sb.append(two((t.getDayOfYear() - 1 + 7 - wday) / 7));
            case 'V' -> sb.append(two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
            case 'w' -> sb.append(wday);
            case 'W' -> sb.append(two((t.getDayOfYear() - 1 + 7 - ((wday + 6) % 7)) / 7));
            case 'y' -> sb.append(two(Math.floorMod(t.getYear(), 100)));
            case 'Y' -> sb.append(t.getYear());
            case 'z' -> {
                int off = t.get(ChronoField.OFFSET_SECONDS);
                int a = Math.abs(off) / 60;
                sb.append(off < 0 ? '-' : '+').append(two(a / 60)).append(two(a % 60));
            }
            case 'Z' -> sb.append(utc ? "GMT" : zoneAbbreviation(t));
            case '%' -> sb.append('%');
            default -> throw new LuaError("bad argument #1 to 'date' (invalid conversion specifier '%" + conv + "')");
        }
    }

    private static String zoneAbbreviation(ZonedDateTime t) {
        String id = t.getZone().getId();
        if (id.equals("UTC") || id.equals("Etc/UTC") || id.equals("Z")) {
            return "UTC";
        }
        if (id.equals("GMT") || id.equals("Etc/GMT")) {
            return "GMT";
        }
        boolean dst = t.getZone().getRules().isDaylightSavings(t.toInstant());
        return java.util.TimeZone.getTimeZone(t.getZone()).getDisplayName(dst, java.util.TimeZone.SHORT, Locale.ROOT);
    }
}

package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regsub(regex,subst[,flags])} (doc 7.3.1, src/sample.c {@code sample_conv_regsub}):
 * replaces the first match (every match with flag {@code g}, case-insensitively with {@code i});
 * in {@code subst}, {@code \1}..{@code \9} insert groups and {@code \\} a backslash. Patterns are
 * compiled once at parse time.
 */
final class RegsubConverter {

    /** Compiled patterns by "flags/regex", filled by the parse-time check. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private RegsubConverter() {
    }

    static void register(Map<String, Converter> m) {
        ArgSpec spec = ArgSpec.of(2, ArgType.STR, ArgType.STR, ArgType.STR).validatedBy(RegsubConverter::check);
        m.put("regsub", new ConvDef(SampleType.STR, SampleType.STR, spec, RegsubConverter::regsub));
    }

    private static String check(List<String> a) {
        String flags = a.size() > 2 ? a.get(2) : "";
        for (char c : flags.toCharArray()) {
            if (c != 'i' && c != 'g') {
                return "invalid regex flag '" + c + "', only 'i' and 'g' are supported";
            }
        }
        try {
            pattern(a.get(0), flags);
            return null;
        } catch (PatternSyntaxException e) {
            return "regex '" + a.get(0) + "' is invalid";
        }
    }

    private static Pattern pattern(String re, String flags) {
        boolean icase = flags.indexOf('i') >= 0;
        return COMPILED.computeIfAbsent((icase ? "i/" : "/") + re, k -> Pattern.compile(re, icase ? Pattern.CASE_INSENSITIVE : 0));
    }

    static Sample regsub(Sample in, List<String> a, SampleContext ctx) {
        String flags = a.size() > 2 ? a.get(2) : "";
        boolean global = flags.indexOf('g') >= 0;
        String s = (String) in.value();
        Matcher m = pattern(a.get(0), flags).matcher(s);
        StringBuilder out = new StringBuilder(s.length() + 16);
        int start = 0;
        while (start < s.length() && m.find(start)) {
            out.append(s, start, m.start());
            io.luxy.sample.ExpReplace.append(out, a.get(1), m);
            if (m.end() == m.start()) {
                if (m.start() < s.length()) {
                    out.append(s.charAt(m.start()));
                }
                start = m.start() + 1;
            } else {
                start = m.end();
            }
            if (!global) {
                break;
            }
        }
        if (start < s.length()) {
            out.append(s, start, s.length());
        }
        return Sample.str(out.toString());
    }
}

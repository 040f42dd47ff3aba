package io.luxy.proxy.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

import io.luxy.sample.ExpReplace;
import io.luxy.sample.SampleContext;

/**
 * Header list edits of the {@code set-header}, {@code add-header}, {@code del-header},
 * {@code replace-header} and {@code replace-value} actions (src/http_act.c, src/http_htx.c), on an
 * ordered, mutable list of name/value entries (request or response). Names compare case-insensitively.
 */
public final class HeaderEdits {

    private HeaderEdits() {
    }

    /** set-header (replace: remove every occurrence first) or add-header: appends {@code name: value}. */
    public static void set(List<Map.Entry<String, String>> headers, String name, String value, boolean replace) {
        if (replace) {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        }
        headers.add(Map.entry(name, value));
    }

    /** del-header NAME [-m str|beg|end|sub|reg] (str, beg, end and sub ignore case; reg is as written). */
    public static void delete(List<Map.Entry<String, String>> headers, HttpAction.DelHeader d) {
        String n = d.name().toLowerCase(Locale.ROOT);
        headers.removeIf(h -> {
            String k = h.getKey().toLowerCase(Locale.ROOT);
            return switch (d.method()) {
                case "beg" -> k.startsWith(n);
                case "end" -> k.endsWith(n);
                case "sub" -> k.contains(n);
                case "reg" -> d.regex().matcher(h.getKey()).find();
                default -> k.equals(n);
            };
        });
    }

    /**
     * replace-header / replace-value: for each header {@code name} (each comma-separated value for
     * replace-value) that the regex matches (anywhere), the whole line (value) becomes the
     * rendered format with {@code \N} group references (http_replace_hdrs with exp_replace).
     */
    public static void replace(List<Map.Entry<String, String>> headers, HttpAction.ReplaceHeader r, SampleContext ctx) {
        String fmt = null;
        for (int i = 0; i < headers.size(); i++) {
            Map.Entry<String, String> h = headers.get(i);
            if (!h.getKey().equalsIgnoreCase(r.name())) {
                continue;
            }
            if (fmt == null) {
                fmt = r.replacement().render(ctx);
            }
            String v = r.value() ? replaceValues(h.getValue(), r, fmt) : replaceOne(h.getValue(), r, fmt);
            if (v != null) {
                headers.set(i, Map.entry(h.getKey(), v));
            }
        }
    }

    private static String replaceOne(String value, HttpAction.ReplaceHeader r, String fmt) {
        Matcher m = r.regex().matcher(value);
        if (!m.find()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(fmt.length() + 16);
        ExpReplace.append(sb, fmt, m);
        return sb.toString();
    }

    private static String replaceValues(String line, HttpAction.ReplaceHeader r, String fmt) {
        String[] parts = line.split(",", -1);
        StringBuilder sb = new StringBuilder(line.length() + 16);
        boolean changed = false;
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k].strip();
            String v = replaceOne(p, r, fmt);
            changed |= v != null;
            if (k > 0) {
                sb.append(", ");
            }
            sb.append(v == null ? p : v);
        }
        return changed ? sb.toString() : null;
    }
}

package io.luxy.proxy.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.luxy.sample.Sample;
import io.luxy.sample.SampleExpr;
import io.luxy.sample.SampleParseException;
import io.luxy.sample.SampleRegistry;

/**
 * A parsed traffic log format (HAProxy doc/configuration.txt 8.2.6, src/log.c
 * {@code parse_logformat_string}/{@code sess_build_logline}): literal text, separators (runs of
 * spaces, merged and never doubled after a field that printed nothing, as HAProxy does), log
 * variables such as {@code %ci} or {@code %{+Q}r} and {@code %[sample]} expressions. Flags:
 * {@code +Q} quotes strings and addresses, {@code +E} escapes {@code " \ ]}, {@code +X} prints
 * numbers and addresses in hex; {@code %o} applies its flags to the variables after it. An empty
 * string logs as {@code -} ({@code ""} when quoted). Immutable and thread-safe.
 */
public final class LogLine {

    /** "option httplog" (8.2.3). */
    public static final String HTTPLOG = "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r";
    /** "option httplog clf" (8.2.3). */
    public static final String CLF = "%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" %cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl";
    /** "option tcplog" (8.2.2). */
    public static final String TCPLOG = "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";

    /** The variables of the 8.2.6 table that Luxy knows. */
    static final Set<String> VARIABLES = Set.of("o", "B", "CC", "CS", "H", "HM", "HP", "HPO", "HQ", "HU", "HV", "ID", "ST",
            "T", "Ta", "Tc", "Td", "Tl", "Th", "Ti", "Tq", "TR", "Tr", "Ts", "Tt", "Tu", "Tw", "U", "ac", "b", "bc", "bi", "bp",
            "bq", "ci", "cp", "f", "fc", "fi", "fp", "ft", "lc", "hr", "hrl", "hs", "hsl", "ms", "pid", "r", "rc", "rt", "s",
            "sc", "si", "sp", "sq", "sslc", "sslv", "t", "tr", "trg", "trl", "ts", "tsc");

    private static final int QUOTE = 1;
    private static final int ESCAPE = 2;
    private static final int HEX = 4;

    private static final DateTimeFormatter HAPROXY_MS = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH);
    private static final DateTimeFormatter HAPROXY_TZ = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private sealed interface Part permits Text, Sep, Var, Expr {
    }

    private record Text(String text) implements Part {
    }

    private record Sep() implements Part {
    }

    private record Var(String name, int flags) implements Part {
    }

    private record Expr(SampleExpr expr, int flags) implements Part {
    }

    private static final Sep SEP = new Sep();

    private final Part[] parts;
    private final ZoneId zone;

    private LogLine(Part[] parts, ZoneId zone) {
        this.parts = parts;
        this.zone = zone;
    }

    /**
     * Parses {@code fmt}; {@code samples} resolves {@code %[...]} (may be null when the format has
     * none). Errors use HAProxy's words, e.g. {@code no such format variable 'zz'. If you wanted
     * to emit the '%' character verbatim, you need to use '%%'.}
     */
    public static LogLine parse(String fmt, SampleRegistry samples) throws SampleParseException {
        return parse(fmt, samples, ZoneId.systemDefault());
    }

    /** Like {@link #parse(String, SampleRegistry)} with dates in {@code zone}. */
    static LogLine parse(String fmt, SampleRegistry samples, ZoneId zone) throws SampleParseException {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int defaults = 0;
        int i = 0;
        int n = fmt.length();
        while (i < n) {
            char c = fmt.charAt(i);
            if (c == ' ') {
                flush(parts, lit);
                if (parts.isEmpty() || !(parts.get(parts.size() - 1) instanceof Sep)) {
                    parts.add(SEP);
                }
                i++;
                continue;
            }
            if (c != '%' || i + 1 >= n) {
                lit.append(c);
                i++;
                continue;
            }
            if (fmt.charAt(i + 1) == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            int j = i + 1;
            int flags = defaults;
            if (fmt.charAt(j) == '{') {
                int close = fmt.indexOf('}', j);
                if (close < 0) {
                    throw new SampleParseException("missing '}' after '%{' in log-format '" + fmt + "'");
                }
                for (String opt : fmt.substring(j + 1, close).split(",")) {
                    int bit = switch (opt.length() > 1 ? opt.substring(1) : opt) {
                        case "Q" -> QUOTE;
                        case "E" -> ESCAPE;
                        case "X" -> HEX;
                        default -> 0;
                    };
                    flags = opt.startsWith("-") ? flags & ~bit : flags | bit;
                }
                j = close + 1;
            }
            flush(parts, lit);
            if (j < n && fmt.charAt(j) == '[') {
                int end = closingBracket(fmt, j);
                if (end < 0) {
                    throw new SampleParseException("missing ']' after '%[' in log-format '" + fmt + "'");
                }
                String text = fmt.substring(j + 1, end);
                try {
                    parts.add(new Expr(SampleExpr.parse(text, samples), flags));
                } catch (SampleParseException e) {
                    throw new SampleParseException("failed to parse sample expression <" + fmt.substring(j + 1) + "> : " + e.getMessage());
                }
                i = end + 1;
                continue;
            }
            int k = j;
            while (k < n && Character.isLetter(fmt.charAt(k))) {
                k++;
            }
            String name = fmt.substring(j, k);
            if (!VARIABLES.contains(name)) {
                throw new SampleParseException("no such format variable '" + fmt.substring(j, k) + "'. If you wanted to emit the '%' "
                        + "character verbatim, you need to use '%%'.");
            }
            if (name.equals("o")) {
                defaults = flags;
            } else {
                parts.add(new Var(name, flags));
            }
            i = k;
        }
        flush(parts, lit);
        return new LogLine(parts.toArray(Part[]::new), zone);
    }

    private static int closingBracket(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
                if (depth == 0) {
                    return c == ']' ? i : -1;
                }
            }
        }
        return -1;
    }

    private static void flush(List<Part> parts, StringBuilder lit) {
        if (lit.length() > 0) {
            parts.add(new Text(lit.toString()));
            lit.setLength(0);
        }
    }

    /** The line for {@code e}; {@code ctx} gives the process-wide values (%pid, %H, %lc). */
    String render(LogEntry e, Context ctx) {
        StringBuilder sb = new StringBuilder(160);
        boolean lastSpace = true;
        for (Part p : parts) {
            switch (p) {
                case Sep s -> {
                    if (!lastSpace) {
                        sb.append(' ');
                        lastSpace = true;
                    }
                }
                case Text t -> {
                    sb.append(t.text());
                    lastSpace = false;
                }
                case Expr x -> {
                    Sample v = e.sample == null ? null : x.expr().eval(e.sample);
                    string(sb, v == null ? null : v.asString(), x.flags());
                    lastSpace = false;
                }
                case Var v -> lastSpace = variable(sb, v, e, ctx) ? false : lastSpace;
            }
        }
        return sb.toString();
    }

    /** Process-wide values of a log line. */
    record Context(long pid, String hostname, long logCounter) {
    }

    /** Appends variable {@code v}; false when it printed nothing (captures not configured). */
    private boolean variable(StringBuilder sb, Var v, LogEntry e, Context ctx) {
        int f = v.flags();
        switch (v.name()) {
            case "ci" -> ip(sb, e.clientIp, f);
            case "cp" -> port(sb, e.clientPort, f);
            case "fi" -> ip(sb, e.frontendIp, f);
            case "fp" -> port(sb, e.frontendPort, f);
            case "bi" -> ip(sb, e.backendSourceIp, f);
            case "bp" -> port(sb, e.backendSourcePort, f);
            case "si" -> ip(sb, e.serverIp, f);
            case "sp" -> port(sb, e.serverPort, f);
            case "t" -> sb.append(HAPROXY_MS.format(Instant.ofEpochMilli(e.acceptDate).atZone(zone)));
            case "tr" -> sb.append(HAPROXY_MS.format(Instant.ofEpochMilli(requestDate(e)).atZone(zone)));
            case "T" -> sb.append(HAPROXY_TZ.format(Instant.ofEpochMilli(e.acceptDate).atZone(ZoneOffset.UTC)));
            case "Tl" -> sb.append(HAPROXY_TZ.format(Instant.ofEpochMilli(e.acceptDate).atZone(zone)));
            case "trg" -> sb.append(HAPROXY_TZ.format(Instant.ofEpochMilli(requestDate(e)).atZone(ZoneOffset.UTC)));
            case "trl" -> sb.append(HAPROXY_TZ.format(Instant.ofEpochMilli(requestDate(e)).atZone(zone)));
            case "ms" -> {
                long ms = Math.floorMod(e.acceptDate, 1000L);
                sb.append(ms < 10 ? "00" : ms < 100 ? "0" : "").append(ms);
            }
            case "Ts" -> number(sb, Math.floorDiv(e.acceptDate, 1000L), f);
            case "f" -> string(sb, e.plainFrontend(), f);
            case "ft" -> string(sb, e.frontendTransport(), f);
            case "b" -> string(sb, e.backend == null ? e.plainFrontend() : e.backend, f);
            case "s" -> string(sb, e.server, f);
            case "Th" -> sb.append(e.th);
            case "Ti" -> sb.append(e.ti);
            case "TR" -> sb.append(e.tr);
            case "Tq" -> sb.append(e.tr < 0 ? -1 : e.th + e.ti + e.tr);
            case "Tw" -> sb.append(e.tw);
            case "Tc" -> sb.append(e.tc);
            case "Tr" -> sb.append(e.tresp);
            case "Ta" -> sb.append(e.ta);
            case "Tt" -> sb.append(e.totalTime());
            case "Tu" -> sb.append(e.totalTime() < 0 ? -1 : e.totalTime() - e.th - e.ti);
            case "Td" -> {
                long tt = e.totalTime();
                sb.append(tt < 0 || e.tresp < 0 ? -1 : tt - (e.th + e.ti + Math.max(e.tr, 0) + e.tw + e.tc + e.tresp));
            }
            case "ST" -> sb.append(e.status);
            case "B" -> sb.append(e.bytesRead);
            case "U" -> sb.append(e.bytesUploaded);
            case "CC", "CS" -> string(sb, null, f);
            case "ts" -> sb.append(e.termState.length() >= 2 ? e.termState.substring(0, 2) : e.termState);
            case "tsc" -> sb.append(e.termState.length() >= 4 ? e.termState.substring(0, 4) : e.termState + "--");
            case "ac" -> sb.append(e.actconn);
            case "fc" -> sb.append(e.feconn);
            case "bc" -> sb.append(e.beconn);
            case "sc" -> sb.append(e.srvConn);
            case "rc" -> sb.append(e.retries);
            case "sq" -> sb.append(e.srvQueue);
            case "bq" -> sb.append(e.backendQueue);
            case "rt" -> number(sb, e.requestCounter, f);
            case "lc" -> sb.append(ctx.logCounter());
            case "pid" -> number(sb, ctx.pid(), f);
            case "H" -> string(sb, ctx.hostname(), f);
            case "ID" -> string(sb, e.uniqueId, f);
            case "sslv" -> string(sb, e.sslVersion, f);
            case "sslc" -> string(sb, e.sslCipher, f);
            case "r" -> string(sb, e.requestLine == null ? "<BADREQ>" : e.requestLine, f);
            case "HM", "HU", "HV", "HP", "HPO", "HQ" -> string(sb, requestPart(e.requestLine, v.name()), f);
            case "hr", "hs" -> {
                List<String> caps = v.name().equals("hr") ? e.requestCaptures : e.responseCaptures;
                if (caps == null || caps.isEmpty()) {
                    return false;
                }
                sb.append('{').append(String.join("|", caps)).append('}');
            }
            case "hrl", "hsl" -> {
                List<String> caps = v.name().equals("hrl") ? e.requestCaptures : e.responseCaptures;
                if (caps == null || caps.isEmpty()) {
                    return false;
                }
                for (int i = 0; i < caps.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    string(sb, caps.get(i), f);
                }
            }
            default -> sb.append('-');
        }
        return true;
    }

    private static long requestDate(LogEntry e) {
        return e.requestDate != 0 ? e.requestDate : e.acceptDate;
    }

    /** Method, URI, version, path, path only, or query ("?a=b") of a request line. */
    static String requestPart(String line, String which) {
        if (line == null) {
            return null;
        }
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        String method = sp1 < 0 ? line : line.substring(0, sp1);
        String uri = sp1 < 0 ? "" : sp2 > sp1 ? line.substring(sp1 + 1, sp2) : line.substring(sp1 + 1);
        String version = sp2 > sp1 ? line.substring(sp2 + 1) : "";
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return switch (which) {
            case "HM" -> method;
            case "HU" -> uri;
            case "HV" -> version;
            case "HP" -> path;
            case "HQ" -> q < 0 ? "" : uri.substring(q);
            default -> {
                int scheme = path.indexOf("://");
                if (scheme > 0) {
                    int slash = path.indexOf('/', scheme + 3);
                    yield slash < 0 ? "/" : path.substring(slash);
                }
                yield path;
            }
        };
    }

    private static void string(StringBuilder sb, String s, int flags) {
        boolean q = (flags & QUOTE) != 0;
        if (s == null || s.isEmpty()) {
            sb.append(q ? "\"\"" : "-");
            return;
        }
        if (q) {
            sb.append('"');
        }
        if ((flags & ESCAPE) != 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\' || c == ']') {
                    sb.append('\\');
                }
                sb.append(c);
            }
        } else {
            sb.append(s);
        }
        if (q) {
            sb.append('"');
        }
    }

    private static void ip(StringBuilder sb, String ip, int flags) {
        if (ip != null && (flags & HEX) != 0 && ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            for (String b : ip.split("\\.")) {
                sb.append(String.format("%02X", Integer.parseInt(b)));
            }
            return;
        }
        string(sb, ip, flags);
    }

    private static void port(StringBuilder sb, int port, int flags) {
        sb.append((flags & HEX) != 0 ? String.format("%04X", port) : Integer.toString(port));
    }

    private static void number(StringBuilder sb, long v, int flags) {
        sb.append((flags & HEX) != 0 ? Long.toHexString(v).toUpperCase(Locale.ROOT) : Long.toString(v));
    }
}

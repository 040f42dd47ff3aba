package io.luxy.sample;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed HAProxy log-format string (doc/configuration.txt 8.2.4 "Custom log format", src/log.c
 * {@code parse_logformat_string}/{@code sess_build_logline}), the one engine behind
 * {@code log-format}, {@code option httplog/tcplog}, {@code unique-id-format} and the rule strings
 * ({@code http-request set-header}, {@code return lf-string}, {@code redirect}, {@code set-var-fmt},
 * dynamic {@code use_backend}...): literal text, {@code %%}, log variables ({@code %ci},
 * {@code %{+Q}r}, {@link LogVar}) and {@code %[expr]} sample expressions. Flags: {@code +Q}
 * quotes, {@code +E} escapes {@code " \ ]}, {@code +X} prints addresses and some numbers in hex;
 * {@code %o} makes its flags the default of what follows. Parsed once at config time; rendering
 * appends to one StringBuilder; a format without variables nor expressions is a constant string.
 *
 * <p>The two modes differ as in HAProxy 2.6.12 (verified):
 * <ul>
 * <li>{@link Mode#LOG} (LOG_OPT_MANDATORY|LOG_OPT_MERGE_SPACES): a failed or empty value renders as
 * {@code -} ({@code ""} with {@code +Q}); runs of spaces are separators, printed once and never
 * after a field that printed nothing nor at the start.</li>
 * <li>{@link Mode#HTTP} (LOG_OPT_HTTP): a missing value renders as nothing ({@code ""} for a quoted
 * variable); spaces are plain text; a sample's bytes 0x00-0x08, 0x0a-0x1f and 0x7f are encoded as
 * {@code %XX} ({@code http_encode_map}) and {@code +Q} does not quote samples.</li>
 * <li>{@link Mode#UNIQUE_ID}: as HTTP, with spaces merged as in LOG (verified: {@code " a  %[nope]  b"}
 * gives {@code "a  b"}).</li>
 * </ul>
 * Variables read a {@link LogVariables} (the stream); immutable and thread-safe.
 */
public final class LogFormat {

    /** Where the string is used: a log line, or an HTTP header/body built with LOG_OPT_HTTP. */
    public enum Mode {
        /** {@code log-format}: a missing value is {@code -} (LOG_OPT_MANDATORY), spaces merge. */
        LOG,
        /** {@code http-request set-header} and friends: a missing value is empty, control bytes are %-encoded. */
        HTTP,
        /** {@code unique-id-format}: as HTTP, but runs of spaces are separators as in LOG (LOG_OPT_HTTP|LOG_OPT_MERGE_SPACES). */
        UNIQUE_ID
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final int QUOTE = 1;
    private static final int ESCAPE = 2;
    private static final int HEXA = 4;

    private static final DateTimeFormatter DATE_MS = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TZ = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private sealed interface Part permits Text, Sep, Var, Expr {
    }

    private record Text(String text) implements Part {
    }

    private record Sep() implements Part {
    }

    private record Var(LogVar var, int flags) implements Part {
    }

    private record Expr(SampleExpr expr, int flags) implements Part {
    }

    private static final Sep SEP = new Sep();

    private final Mode mode;
    private final Part[] parts;
    /** The whole output when the format has no variable nor expression, else null. */
    private final String constant;
    private final ZoneId zone;

    private LogFormat(Mode mode, Part[] parts, ZoneId zone) {
        this.mode = mode;
        this.parts = parts;
        this.zone = zone;
        this.constant = constantText(parts);
    }

    private static String constantText(Part[] parts) {
        StringBuilder sb = new StringBuilder();
        boolean lastSpace = true;
        for (Part p : parts) {
            if (p instanceof Text t) {
                sb.append(t.text());
                lastSpace = false;
            } else if (p == SEP) {
                if (!lastSpace) {
                    sb.append(' ');
                    lastSpace = true;
                }
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    /** Parses a {@code log-format} string (LOG mode); errors read as {@link #parse(String, SampleRegistry, Mode)}. */
    public static LogFormat parse(String fmt, SampleRegistry reg) throws SampleParseException {
        return parse(fmt, reg, Mode.LOG);
    }

    /** A constant string (no variable nor expression), e.g. a computed redirect location. */
    public static LogFormat literal(String text, Mode mode) {
        return new LogFormat(mode, text.isEmpty() ? new Part[0] : new Part[] {new Text(text)}, ZoneId.systemDefault());
    }

    /**
     * Parses a log-format string for the given use, dates in the system's zone. {@code reg}
     * resolves {@code %[...]} (may be null when the format has none). Errors use HAProxy 2.6's
     * words: {@code no such format variable 'zz'. If you wanted to emit the '%' character
     * verbatim, you need to use '%%'}, {@code failed to parse sample expression <...> : ...},
     * {@code expected ']' after 'str(a)', but found 'x'}, {@code missing ']' after '...'},
     * {@code truncated line after '%'}, {@code parse argument modifier without variable name near '%{+Q}'}.
     */
    public static LogFormat parse(String fmt, SampleRegistry reg, Mode mode) throws SampleParseException {
        return parse(fmt, reg, mode, ZoneId.systemDefault());
    }

    /** Like {@link #parse(String, SampleRegistry, Mode)} with local dates in {@code zone}. */
    public static LogFormat parse(String fmt, SampleRegistry reg, Mode mode, ZoneId zone) throws SampleParseException {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int defaults = 0;
        int i = 0;
        int n = fmt.length();
        while (i < n) {
            char c = fmt.charAt(i);
            if (c == ' ' && mode != Mode.HTTP) {
                flush(parts, lit);
                if (parts.isEmpty() || parts.get(parts.size() - 1) != SEP) {
                    parts.add(SEP);
                }
                i++;
                continue;
            }
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                throw new SampleParseException("truncated line after '%'");
            }
            char next = fmt.charAt(i + 1);
            if (next == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            int j = i + 1;
            int flags = defaults;
            String arg = null;
            if (next == '{') {
                int close = fmt.indexOf('}', j);
                if (close < 0) {
                    throw new SampleParseException("truncated line after '" + fmt.substring(j + 1) + "'");
                }
                arg = fmt.substring(j + 1, close);
                flags = flags(arg, flags);
                j = close + 1;
            }
            if (j < n && fmt.charAt(j) == '[') {
                flush(parts, lit);
                i = expression(fmt, j, reg, flags, parts);
                continue;
            }
            int k = j;
            while (k < n && Character.isLetterOrDigit(fmt.charAt(k)) && fmt.charAt(k) < 0x80) {
                k++;
            }
            if (k == j) {
                if (arg != null) {
                    throw new SampleParseException("parse argument modifier without variable name near '%{" + arg + "}'");
                }
                i = j; // HAProxy drops a '%' that starts nothing ("a%-b" gives "a-b")
                continue;
            }
            String name = fmt.substring(j, k);
            LogVar v = LogVar.named(name);
            if (v == null) {
                throw new SampleParseException("no such format variable '" + name + "'. If you wanted to emit the '%' "
                        + "character verbatim, you need to use '%%'");
            }
            flush(parts, lit);
            if (v == LogVar.o) {
                defaults = flags;
            } else {
                parts.add(new Var(v, flags));
            }
            i = k;
        }
        flush(parts, lit);
        return new LogFormat(mode, parts.toArray(Part[]::new), zone);
    }

    private static int flags(String arg, int flags) {
        for (String opt : arg.split(",")) {
            if (opt.isEmpty()) {
                continue;
            }
            int bit = switch (opt.length() > 1 ? opt.substring(1) : opt) {
                case "Q" -> QUOTE;
                case "E" -> ESCAPE;
                case "X" -> HEXA;
                default -> 0;
            };
            flags = opt.charAt(0) == '-' ? flags & ~bit : flags | bit;
        }
        return flags;
    }

    /** Parses {@code %[expr]} whose '[' is at {@code open}; returns the index after ']'. */
    private static int expression(String fmt, int open, SampleRegistry reg, int flags, List<Part> parts) throws SampleParseException {
        int n = fmt.length();
        int[] end = new int[1];
        SampleExpr e;
        try {
            e = SampleExpr.parseAt(fmt, open + 1, reg, null, end);
        } catch (SampleParseException ex) {
            throw new SampleParseException("failed to parse sample expression <" + fmt.substring(open + 1) + "> : " + ex.getMessage());
        }
        if (end[0] >= n) {
            throw new SampleParseException("missing ']' after '" + e.text() + "'");
        }
        char c = fmt.charAt(end[0]);
        if (c != ']') {
            throw new SampleParseException(c >= 0x20 && c < 0x7f ? "expected ']' after '" + e.text() + "', but found '" + c + "'"
                    : "missing ']' after '" + e.text() + "'");
        }
        parts.add(new Expr(e, flags));
        return end[0] + 1;
    }

    private static void flush(List<Part> parts, StringBuilder lit) {
        if (lit.length() > 0) {
            parts.add(new Text(lit.toString()));
            lit.setLength(0);
        }
    }

    /**
     * Renders the string for this stream; log variables come from {@code ctx} when it implements
     * {@link LogVariables} (the proxy's HTTP stream does), else they are missing.
     */
    public String render(SampleContext ctx) {
        if (constant != null) {
            return constant;
        }
        return render(ctx, ctx instanceof LogVariables v ? v : LogVariables.NONE);
    }

    /** Renders the string: {@code %[...]} over {@code ctx} (null: every sample is missing), variables from {@code vars}. */
    public String render(SampleContext ctx, LogVariables vars) {
        if (constant != null) {
            return constant;
        }
        StringBuilder sb = new StringBuilder(mode == Mode.LOG ? 160 : 64);
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
                    Sample v = ctx == null ? null : x.expr().eval(ctx);
                    String text = v == null ? null : v.asString();
                    if (mode != Mode.LOG) {
                        appendHttpEncoded(sb, text, x.flags());
                    } else {
                        text(sb, text, x.flags());
                    }
                    lastSpace = false;
                }
                case Var v -> {
                    if (variable(sb, v.var(), v.flags(), vars)) {
                        lastSpace = false;
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Appends variable {@code v}; false when it printed nothing and is not a field (no captures). */
    private boolean variable(StringBuilder sb, LogVar v, int f, LogVariables vars) {
        switch (v.kind()) {
            case TEXT -> text(sb, vars.logText(v), f);
            case RAW -> {
                String st = vars.logText(LogVar.ts); // termination state, 2 chars or 4 with the cookie flags
                st = st == null ? "--" : st;
                if (v == LogVar.ts) {
                    sb.append(st, 0, Math.min(2, st.length()));
                } else {
                    sb.append(st.length() >= 4 ? st.substring(0, 4) : st + "--");
                }
            }
            case IP -> ip(sb, vars.logText(v), f);
            case PORT -> {
                long port = vars.logNumber(v);
                if (port == LogVariables.MISSING) {
                    text(sb, null, f);
                } else if ((f & HEXA) != 0) {
                    hex(sb, port, 4);
                } else {
                    sb.append(port);
                }
            }
            case NUMBER -> {
                long x = vars.logNumber(v);
                if (x == LogVariables.MISSING) {
                    text(sb, null, f);
                } else {
                    if (v == LogVar.rc && vars.logText(LogVar.rc) != null) {
                        sb.append('+'); // %rc of a redispatched stream: "+1"
                    }
                    sb.append(x);
                }
            }
            case HEX_NUMBER -> {
                long x = v == LogVar.Ts ? Math.floorDiv(vars.logNumber(LogVar.t), 1000L) : vars.logNumber(v);
                if ((f & HEXA) != 0) {
                    hex(sb, x, 4);
                } else {
                    sb.append(x);
                }
            }
            case MILLIS -> {
                long ms = Math.floorMod(vars.logNumber(LogVar.t), 1000L);
                if ((f & HEXA) != 0) {
                    hex(sb, ms, 2);
                } else {
                    sb.append(ms < 10 ? "00" : ms < 100 ? "0" : "").append(ms);
                }
            }
            case DATE_MS -> sb.append(DATE_MS.format(Instant.ofEpochMilli(date(v, vars)).atZone(zone)));
            case DATE_GMT -> sb.append(DATE_TZ.format(Instant.ofEpochMilli(date(v, vars)).atZone(ZoneOffset.UTC)));
            case DATE_LOCAL -> sb.append(DATE_TZ.format(Instant.ofEpochMilli(date(v, vars)).atZone(zone)));
            case REQUEST -> {
                String line = vars.logText(LogVar.r);
                text(sb, v == LogVar.r ? (line == null ? "<BADREQ>" : line) : requestPart(line, v), f);
            }
            case CAPTURES -> {
                List<String> caps = vars.logCaptures(v);
                if (caps == null || caps.isEmpty()) {
                    return false;
                }
                sb.append('{');
                for (int i = 0; i < caps.size(); i++) {
                    if (i > 0) {
                        sb.append('|');
                    }
                    sb.append(caps.get(i));
                }
                sb.append('}');
            }
            case CAPTURE_LIST -> {
                List<String> caps = vars.logCaptures(v == LogVar.hrl ? LogVar.hr : LogVar.hs);
                if (caps == null || caps.isEmpty()) {
                    return false;
                }
                for (int i = 0; i < caps.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    text(sb, caps.get(i), f);
                }
            }
        }
        return true;
    }

    private static long date(LogVar v, LogVariables vars) {
        if (v.acceptDate()) {
            return vars.logNumber(LogVar.t);
        }
        long d = vars.logNumber(LogVar.tr);
        return d == LogVariables.MISSING || d == 0 ? vars.logNumber(LogVar.t) : d;
    }

    /** Method, URI, version, path, path only, or query ("?a=b") of a request line; null when there is none. */
    static String requestPart(String line, LogVar which) {
        if (line == null) {
            return null;
        }
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        String uri = sp1 < 0 ? "" : sp2 > sp1 ? line.substring(sp1 + 1, sp2) : line.substring(sp1 + 1);
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return switch (which) {
            case HM -> sp1 < 0 ? line : line.substring(0, sp1);
            case HU -> uri;
            case HV -> sp2 > sp1 ? line.substring(sp2 + 1) : "";
            case HP -> path;
            case HQ -> q < 0 ? "" : uri.substring(q);
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

    /** lf_text: quotes with +Q, escapes with +E, '-' for a missing value in LOG mode (LOG_OPT_MANDATORY). */
    private void text(StringBuilder sb, String s, int flags) {
        boolean q = (flags & QUOTE) != 0;
        if (q) {
            sb.append('"');
        }
        if (s == null || s.isEmpty()) {
            if (!q && mode == Mode.LOG) {
                sb.append('-');
            }
        } else if ((flags & ESCAPE) != 0) {
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

    /** lf_encode_chunk with http_encode_map: control bytes as %XX, and with +E {@code " \ ]} escaped; never quoted. */
    private static void appendHttpEncoded(StringBuilder sb, String s, int flags) {
        if (s == null) {
            return;
        }
        boolean esc = (flags & ESCAPE) != 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x08 || c >= 0x0a && c <= 0x1f || c == 0x7f) {
                sb.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                if (esc && (c == '"' || c == '\\' || c == ']')) {
                    sb.append('\\');
                }
                sb.append(c);
            }
        }
    }

    /** lf_ip: 8 hex digits for IPv4 with +X, else the address as text. */
    private void ip(StringBuilder sb, String ip, int flags) {
        if (ip != null && (flags & HEXA) != 0) {
            long v = ipv4(ip);
            if (v >= 0) {
                hex(sb, v, 8);
                return;
            }
        }
        text(sb, ip, flags);
    }

    /** The IPv4 dotted quad as a number, or -1 when {@code ip} is not one. */
    private static long ipv4(String ip) {
        long v = 0;
        int octet = -1;
        int dots = 0;
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) {
                    return -1;
                }
            } else if (c == '.' && octet >= 0 && dots < 3) {
                v = (v << 8) | octet;
                octet = -1;
                dots++;
            } else {
                return -1;
            }
        }
        return dots == 3 && octet >= 0 ? (v << 8) | octet : -1;
    }

    /** Upper-case hex, at least {@code digits} digits (printf "%04X"). */
    private static void hex(StringBuilder sb, long v, int digits) {
        String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(h);
    }

    /** The mode this string was parsed for. */
    public Mode mode() {
        return mode;
    }

    /** True when the string has no variable nor sample expression (render gives constant text). */
    public boolean isConstant() {
        return constant != null;
    }

    /** True when the format prints log variable {@code v} (e.g. whether a stream must keep {@link LogVar#ID}). */
    public boolean uses(LogVar v) {
        for (Part p : parts) {
            if (p instanceof Var x && x.var() == v) {
                return true;
            }
        }
        return false;
    }
}

package io.luxy.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed HAProxy log-format string (doc/configuration.txt 8.2.4, src/log.c
 * {@code parse_logformat_string}/{@code sess_build_logline}): literal text, {@code %%}, and
 * {@code %[expr]} or {@code %{+Q}[expr]} sample expressions. Other {@code %X} log variables
 * ({@code %ci}, {@code %ST}...) are not implemented yet and are kept as literal text.
 *
 * <p>The two modes differ as in HAProxy 2.6.12 (verified): in {@link Mode#LOG} a failed or empty
 * sample renders as {@code -} ({@code ""} with {@code +Q}); in {@link Mode#HTTP} (set-header,
 * return lf-string...) it renders as nothing, and bytes 0x00-0x08, 0x0a-0x1f and 0x7f are
 * encoded as {@code %XX} ({@code http_encode_map}). Immutable, thread-safe.
 */
public final class LogFormat {

    /** Where the string is used: a log line, or an HTTP header/body built with LOG_OPT_HTTP. */
    public enum Mode {
        /** {@code log-format}: a missing value is {@code -} (LOG_OPT_MANDATORY). */
        LOG,
        /** {@code http-request set-header} and friends: a missing value is empty, control bytes are %-encoded. */
        HTTP
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Mode mode;
    /** Either a String (literal) or a Node (sample expression). */
    private final Object[] parts;

    private record Node(SampleExpr expr, boolean quote) {
    }

    private LogFormat(Mode mode, Object[] parts) {
        this.mode = mode;
        this.parts = parts;
    }

    /** Parses a {@code log-format} string (LOG mode); errors read {@code failed to parse sample expression <...> : ...}. */
    public static LogFormat parse(String fmt, SampleRegistry reg) throws SampleParseException {
        return parse(fmt, reg, Mode.LOG);
    }

    /** A constant string (no expression), e.g. a computed redirect location. */
    public static LogFormat literal(String text, Mode mode) {
        return new LogFormat(mode, text.isEmpty() ? new Object[0] : new Object[] {text});
    }

    /** Parses a log-format string for the given use (LOG or HTTP mode). */
    public static LogFormat parse(String fmt, SampleRegistry reg, Mode mode) throws SampleParseException {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = fmt.length();
        while (i < n) {
            char c = fmt.charAt(i);
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
            boolean quote = false;
            if (fmt.charAt(j) == '{') {
                int close = fmt.indexOf('}', j);
                if (close < 0) {
                    throw new SampleParseException("missing '}' after '%{' in log-format '" + fmt + "'");
                }
                for (String opt : fmt.substring(j + 1, close).split(",")) {
                    if (opt.equals("+Q")) {
                        quote = true;
                    }
                }
                j = close + 1;
            }
            if (j < n && fmt.charAt(j) == '[') {
                int[] end = new int[1];
                SampleExpr e;
                try {
                    e = SampleExpr.parseAt(fmt, j + 1, reg, null, end);
                } catch (SampleParseException ex) {
                    throw new SampleParseException("failed to parse sample expression <" + fmt.substring(j + 1) + "> : " + ex.getMessage());
                }
                if (end[0] >= n || fmt.charAt(end[0]) != ']') {
                    throw new SampleParseException("expected ']' after '" + e.text() + "', but found '"
                            + (end[0] < n ? fmt.substring(end[0]) : "") + "'");
                }
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(new Node(e, quote));
                i = end[0] + 1;
                continue;
            }
            // Other log variables (%ci, %ST, %{+Q}r...) are not implemented: kept verbatim.
            lit.append(fmt, i, j);
            i = j;
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return new LogFormat(mode, parts.toArray());
    }

    /** Renders the string for this stream. */
    public String render(SampleContext ctx) {
        StringBuilder sb = new StringBuilder(64);
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
                continue;
            }
            Node node = (Node) p;
            Sample v = node.expr.eval(ctx);
            String text = v == null ? null : v.asString();
            if (text == null || text.isEmpty()) {
                if (node.quote) {
                    sb.append("\"\"");
                } else if (mode == Mode.LOG) {
                    sb.append('-');
                }
                continue;
            }
            if (node.quote) {
                sb.append('"');
            }
            if (mode == Mode.HTTP) {
                appendHttpEncoded(sb, text);
            } else {
                sb.append(text);
            }
            if (node.quote) {
                sb.append('"');
            }
        }
        return sb.toString();
    }

    private static void appendHttpEncoded(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x08 || c >= 0x0a && c <= 0x1f || c == 0x7f) {
                sb.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                sb.append(c);
            }
        }
    }

    /** The mode this string was parsed for. */
    public Mode mode() {
        return mode;
    }

    /** True when the string has no sample expression (render gives constant text). */
    public boolean isConstant() {
        for (Object p : parts) {
            if (p instanceof Node) {
                return false;
            }
        }
        return true;
    }
}

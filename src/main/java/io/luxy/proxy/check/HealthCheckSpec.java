package io.luxy.proxy.check;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;

/**
 * What an active health check of a backend's servers does: a TCP connect (default),
 * {@code option httpchk [METHOD] [URI] [VERSION]} with {@code http-check send} and
 * {@code http-check expect}, or {@code option tcp-check} with {@code tcp-check connect|send|
 * send-binary|expect} rules. Rules of the section replace those of its defaults section (HAProxy
 * 2.2+). HAProxy doc/configuration.txt 4.2 "option httpchk", "http-check expect", "tcp-check".
 *
 * @param type    the kind of check
 * @param request for HTTP: the request sent (method, uri, version, headers, body)
 * @param expect  for HTTP: the expectation, or null for "2xx or 3xx"
 * @param rules   for tcp-check: the rules in order; for HTTP: the first {@code http-check connect}, if any
 * @param disableOn404 {@code http-check disable-on-404}: a 404 keeps the server UP but out of load balancing (NOLB)
 * @param sendState    {@code http-check send-state}: the request carries {@code X-Haproxy-Server-State}
 * @param logHealthChecks {@code option log-health-checks}: every change of a check's status or of the health counter is logged
 */
public record HealthCheckSpec(Type type, HttpRequest request, Expect expect, List<TcpRule> rules, boolean disableOn404,
                              boolean sendState, boolean logHealthChecks) {

    /** A check without disable-on-404, send-state nor log-health-checks. */
    public HealthCheckSpec(Type type, HttpRequest request, Expect expect, List<TcpRule> rules) {
        this(type, request, expect, rules, false, false, false);
    }

    /** The kind of check. */
    public enum Type { TCP, HTTP, TCP_CHECK }

    /** A plain TCP connect check. */
    public static final HealthCheckSpec TCP_CONNECT = new HealthCheckSpec(Type.TCP, null, null, List.of());

    /** The HTTP request of {@code option httpchk}: HAProxy's defaults are OPTIONS / HTTP/1.0. */
    public record HttpRequest(String method, String uri, String version, List<String[]> headers, String body) {
    }

    /** One expectation: {@code [!] status|rstatus|string|rstring|binary|rbinary PATTERN}. */
    public record Expect(boolean negate, String kind, String pattern, Pattern regex, byte[] bytes) {

        /** True when {@code text} (status code text or body) satisfies the rule, before negation. */
        public boolean matches(String text, byte[] raw) {
            return switch (kind) {
                case "status" -> statusMatches(text);
                case "string" -> text.contains(pattern);
                case "rstatus", "rstring" -> regex.matcher(text).find();
                case "binary" -> indexOf(raw, bytes) >= 0;
                case "rbinary" -> regex.matcher(HexFormat.of().withUpperCase().formatHex(raw)).find();
                default -> false;
            };
        }

        private boolean statusMatches(String code) {
            for (String p : pattern.split(",")) {
                int dash = p.indexOf('-');
                try {
                    int c = Integer.parseInt(code);
                    if (dash > 0 ? c >= Integer.parseInt(p.substring(0, dash)) && c <= Integer.parseInt(p.substring(dash + 1))
                            : c == Integer.parseInt(p)) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            return false;
        }

        /** The rule as HAProxy prints it in check info, e.g. {@code string 'FOO'}. */
        public String describe() {
            return (negate ? "! " : "") + kind + " '" + pattern + "'";
        }
    }

    /** One tcp-check rule. */
    public sealed interface TcpRule permits Connect, Send, ExpectRule {
    }

    /** {@code tcp-check connect [port N]} (0 = the server's check port). */
    public record Connect(int port) implements TcpRule {
    }

    /** {@code tcp-check send STRING} or {@code send-binary HEX}. */
    public record Send(byte[] data) implements TcpRule {
    }

    /** {@code tcp-check expect ...}. */
    public record ExpectRule(Expect expect) implements TcpRule {
    }

    /** Reads the check definition of {@code s} (inherited from its defaults section), with its logging option. */
    public static HealthCheckSpec from(Section s, Diagnostics diag) {
        HealthCheckSpec spec = kind(s);
        boolean log = s.inherited("option", "log-health-checks").isPresent();
        boolean on404 = false;
        boolean state = false;
        if (spec.type() == Type.HTTP) {
            for (Directive d : rules(s, "http-check")) {
                on404 |= "disable-on-404".equals(d.arg(0));
                state |= "send-state".equals(d.arg(0));
            }
        }
        return new HealthCheckSpec(spec.type(), spec.request(), spec.expect(), spec.rules(), on404, state, log);
    }

    private static HealthCheckSpec kind(Section s) {
        Directive httpchk = s.inherited("option", "httpchk").orElse(null);
        Directive tcpchk = s.inherited("option", "tcp-check").orElse(null);
        if (httpchk != null && (tcpchk == null || s.directives().contains(httpchk) || !s.directives().contains(tcpchk))) {
            return http(s, httpchk);
        }
        if (tcpchk != null) {
            List<TcpRule> rules = new ArrayList<>();
            for (Directive d : rules(s, "tcp-check")) {
                TcpRule r = tcpRule(d);
                if (r != null) {
                    rules.add(r);
                }
            }
            return new HealthCheckSpec(Type.TCP_CHECK, null, null, List.copyOf(rules));
        }
        return TCP_CONNECT;
    }

    private static List<Directive> rules(Section s, String keyword) {
        List<Directive> own = s.all(keyword);
        if (!own.isEmpty() || s.defaults() == null) {
            return own;
        }
        return s.defaults().all(keyword);
    }

    private static HealthCheckSpec http(Section s, Directive opt) {
        String method = "OPTIONS";
        String uri = "/";
        String version = "HTTP/1.0";
        List<String[]> headers = new ArrayList<>();
        String body = null;
        if (opt.arg(1) != null && opt.arg(2) == null) {
            uri = opt.arg(1);
        } else if (opt.arg(1) != null) {
            method = opt.arg(1);
            uri = opt.arg(2);
            if (opt.arg(3) != null) {
                // HAProxy 2.6 accepts "HTTP/1.1\r\nHost:\ x" here: the version, then headers
                String[] parts = opt.arg(3).split("\r\n");
                version = parts[0];
                for (int i = 1; i < parts.length; i++) {
                    int c = parts[i].indexOf(':');
                    if (c > 0) {
                        headers.add(new String[] {parts[i].substring(0, c).trim(), parts[i].substring(c + 1).trim()});
                    }
                }
            }
        }
        Expect expect = null;
        List<TcpRule> connect = List.of();
        for (Directive d : rules(s, "http-check")) {
            if ("connect".equals(d.arg(0)) && connect.isEmpty()) {
                connect = List.of(tcpRule(d)); // http-check connect [port N]: where the request goes
            } else if ("send".equals(d.arg(0))) {
                for (int i = 1; d.arg(i) != null; i += 2) {
                    String v = d.arg(i + 1);
                    switch (d.arg(i)) {
                        case "meth" -> method = v;
                        case "uri" -> uri = v;
                        case "ver" -> version = v;
                        case "hdr" -> {
                            headers.add(new String[] {v, d.arg(i + 2)});
                            i++;
                        }
                        case "body" -> body = v;
                        default -> {
                        }
                    }
                }
            } else if ("expect".equals(d.arg(0))) {
                expect = parseExpect(d, 1, true);
            }
        }
        return new HealthCheckSpec(Type.HTTP, new HttpRequest(method, uri, version, List.copyOf(headers), body), expect, connect);
    }

    /**
     * Parses {@code [!] KIND PATTERN} from argument {@code at} of {@code d}.
     *
     * @throws IllegalArgumentException with HAProxy's message (after {@code 'X-check expect' : })
     */
    static Expect parseExpect(Directive d, int at, boolean http) {
        boolean negate = "!".equals(d.arg(at));
        int i = negate ? at + 1 : at;
        String kind = d.arg(i);
        if (kind == null) {
            throw new IllegalArgumentException("expects at least a matching pattern as arguments.");
        }
        boolean known = http ? List.of("status", "rstatus", "string", "rstring").contains(kind)
                : List.of("string", "rstring", "binary", "rbinary").contains(kind);
        if (!known) {
            throw new IllegalArgumentException(http
                    ? "'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf', '[!]status', '[!]rstatus', [!]hdr, "
                            + "[!]fhdr or comment but got '" + kind + "' as argument.."
                    : "'only supports min-recv, '[!]binary', '[!]string', '[!]rstring', '[!]string-lf''[!]rbinary', "
                            + "'[!]binary-lf' or comment but got '" + kind + "' as argument..");
        }
        String pattern = d.arg(i + 1);
        if (pattern == null) {
            throw new IllegalArgumentException("'" + kind + "' expects a <pattern> as argument.");
        }
        Pattern regex = null;
        byte[] bytes = null;
        if (kind.startsWith("r")) {
            try {
                regex = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("regex '" + pattern + "' is invalid (error=" + e.getDescription()
                        + ", erroffset=" + e.getIndex() + ").");
            }
        } else if (kind.equals("binary")) {
            bytes = hex(pattern, "");
        }
        return new Expect(negate, kind, pattern, regex, bytes);
    }

    /**
     * Parses one {@code tcp-check} rule (null for comment and unsupported set-var rules).
     *
     * @throws IllegalArgumentException with HAProxy's message
     */
    static TcpRule tcpRule(Directive d) {
        String what = d.arg(0) == null ? "" : d.arg(0);
        switch (what) {
            case "connect" -> {
                int port = 0;
                for (int i = 1; d.arg(i) != null; i++) {
                    if ("port".equals(d.arg(i))) {
                        String v = d.arg(++i);
                        if (v == null || !v.matches("\\d+")) {
                            throw new IllegalArgumentException("'tcp-check connect' : error detected while parsing port expression : "
                                    + "unknown fetch method '" + (v == null ? "" : v) + "'.");
                        }
                        port = Integer.parseInt(v);
                    }
                }
                return new Connect(port);
            }
            case "send" -> {
                if (d.arg(1) == null) {
                    throw new IllegalArgumentException("'tcp-check send' : 'string' expects a send as argument.");
                }
                return new Send(d.arg(1).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            case "send-binary" -> {
                if (d.arg(1) == null) {
                    throw new IllegalArgumentException("'tcp-check send-binary' : 'binary' expects a send as argument.");
                }
                return new Send(hex(d.arg(1), "'" + d.arg(1) + "' "));
            }
            case "expect" -> {
                try {
                    return new ExpectRule(parseExpect(d, 1, false));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'tcp-check expect' : " + e.getMessage());
                }
            }
            case "comment" -> {
                return null;
            }
            default -> {
                if (what.startsWith("set-var") || what.startsWith("unset-var")) {
                    return null;
                }
                throw new IllegalArgumentException("'tcp-check' only supports 'comment', 'connect', 'send', 'send-binary', 'expect', "
                        + "'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got '" + what + "'");
            }
        }
    }

    private static byte[] hex(String text, String quoted) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(quoted + "invalid binary string (an hex digit is expected (found '"
                        + text.charAt(i) + "')).");
            }
        }
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException(quoted + "invalid binary string (odd number of hex digits).");
        }
        return HexFormat.of().parseHex(text);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

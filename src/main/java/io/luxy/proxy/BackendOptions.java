package io.luxy.proxy;

import java.net.InetAddress;
import java.util.Optional;

import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;

/**
 * Connection-handling options of a backend (HAProxy doc/configuration.txt 4.2): {@code retries}
 * (default 3), {@code option redispatch [interval]} (default interval -1: on the last retry; 0: on
 * no retry by number, see {@link #redispatchOn}),
 * {@code option forwardfor [except NET] [header NAME] [if-none]}, {@code option http-server-close},
 * {@code option http-buffer-request}, {@code http-reuse never|safe|aggressive|always} (default safe).
 */
public record BackendOptions(ForwardFor forwardFor, int retries, boolean redispatch, int redispatchInterval,
                             boolean httpServerClose, boolean httpBufferRequest, String httpReuse) {

    /**
     * {@code option forwardfor}: header name (default X-Forwarded-For), network excepted (CIDR text
     * or null), and {@code if-none} (keep a header the client sent instead of adding one).
     */
    public record ForwardFor(String header, String except, boolean ifNone) {

        /** True when {@code client} is inside the {@code except} network (no header is added then). */
        public boolean excepted(InetAddress client) {
            if (except == null || client == null) {
                return false;
            }
            int slash = except.indexOf('/');
            try {
                byte[] net = InetAddress.getByName(slash < 0 ? except : except.substring(0, slash)).getAddress();
                byte[] a = client.getAddress();
                if (net.length != a.length) {
                    return false;
                }
                int bits = slash < 0 ? net.length * 8 : prefix(except.substring(slash + 1), net.length);
                for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
                    int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                    if ((net[i] & mask) != (a[i] & mask)) {
                        return false;
                    }
                }
                return true;
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        }

        private static int prefix(String mask, int len) throws java.net.UnknownHostException {
            if (mask.contains(".")) {
                int n = 0;
                for (byte b : InetAddress.getByName(mask).getAddress()) {
                    n += Integer.bitCount(b & 0xff);
                }
                return n;
            }
            return Math.min(len * 8, Integer.parseInt(mask));
        }

        /** Parses the words after {@code option forwardfor}. */
        static ForwardFor parse(Directive d) {
            String header = "X-Forwarded-For";
            String except = null;
            boolean ifNone = false;
            for (int i = 1; i < d.args().size(); i++) {
                switch (d.arg(i)) {
                    case "except" -> except = d.arg(++i);
                    case "header" -> header = d.arg(++i) == null ? header : d.arg(i);
                    case "if-none" -> ifNone = true;
                    default -> {
                    }
                }
            }
            return new ForwardFor(header, except, ifNone);
        }

        /** The {@code option forwardfor} of {@code s} (or its defaults), or null. */
        static ForwardFor of(Section s) {
            Optional<Directive> d = s.inherited("option", "forwardfor");
            return d.map(ForwardFor::parse).orElse(null);
        }
    }

    /** Reads the options of {@code s}, inherited from its defaults section. */
    public static BackendOptions from(Section s, Diagnostics diag) {
        int retries = s.inherited("retries").map(d -> parseInt(d.arg(0), 3)).orElse(3);
        Optional<Directive> redisp = s.inherited("option", "redispatch");
        // HAProxy reads the interval with atol(): "abc" is 0, and words after it are ignored
        int interval = redisp.map(d -> d.arg(1) == null ? -1 : atol(d.arg(1))).orElse(-1);
        boolean serverClose = s.inherited("option", "http-server-close").isPresent();
        boolean buffer = s.inherited("option", "http-buffer-request").isPresent();
        String reuse = s.inherited("http-reuse").map(d -> d.arg(0)).orElse("safe");
        return new BackendOptions(ForwardFor.of(s), retries, redisp.isPresent(), interval, serverClose,
                buffer, reuse);
    }

    /**
     * True when the retry numbered {@code retry} (1-based) of {@code retries} should go to another
     * server by its number: every Pth retry for an interval P > 0, the Nth before the last for
     * -N (the last one for the default -1), none for 0. Whatever the interval, a failed server that
     * is down, or any server when the algorithm does not hash the request and more than one active
     * server is usable, is left at once (see {@code ServerConnector}); HAProxy 2.6 does the same.
     */
    public boolean redispatchOn(int retry) {
        if (!redispatch || redispatchInterval == 0) {
            return false;
        }
        return redispatchInterval > 0 ? retry % redispatchInterval == 0 : retry == retries + 1 + redispatchInterval;
    }

    /** C's atol() as HAProxy uses it: optional blanks and sign, then leading digits; 0 when none. */
    static int atol(String v) {
        int i = 0;
        while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
            i++;
        }
        boolean negative = i < v.length() && v.charAt(i) == '-';
        if (i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            i++;
        }
        long n = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i)) && n < Integer.MAX_VALUE) {
            n = n * 10 + (v.charAt(i++) - '0');
        }
        n = Math.min(n, Integer.MAX_VALUE);
        return (int) (negative ? -n : n);
    }

    private static int parseInt(String v, int def) {
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return def;
        }
    }
}

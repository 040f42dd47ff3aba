package io.luxy.proxy.http.smuggling;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The differences from HAProxy 2.6.12 that are Luxy's on purpose, listed case by case with their
 * reasons (the README cites {@link #STRICTER}). Anything not listed here is a mismatch.
 */
final class Deviations {

    private Deviations() {
    }

    /** A header difference a case may show, and why it is Luxy's. */
    enum Kind {
        /**
         * Checked, not ignored: Luxy's field name must be the client's spelling, HAProxy's its lowercase.
         */
        NAME_CASE("field names are case-insensitive (RFC 9110 5.1): HAProxy 2.6 lowercases every name it writes on "
                + "HTTP/1 (without h1-case-adjust), Luxy forwards the client's spelling (Vert.x)"),
        /** Both sides compared without hop-by-hop fields. */
        CONNECTION_FIELDS("hop-by-hop fields (RFC 9110 7.6.1: Connection, Keep-Alive, Proxy-Connection, TE, Trailer, "
                + "Upgrade and the fields Connection names) belong to one connection: Luxy drops the client's and Vert.x "
                + "writes its own for the server connection; HAProxy 2.6 forwards them (it only consumes the close and "
                + "keep-alive tokens) and adds connection: keep-alive to HTTP/1.0 requests"),
        /** The framing fields' values compared as numbers (Content-Length) and lower case (Transfer-Encoding). */
        FRAMING_VALUES("Luxy's client writes the framing fields itself (Vert.x): the body's length as a plain number, "
                + "transfer-encoding as \"chunked\"; HAProxy keeps the client's spelling (005, CHUNKED)"),
        /** A host field Luxy's side has and HAProxy's has not is left out. */
        HOST_ADDED("Vert.x's client always writes a Host field; HAProxy forwards a request without one as it is"),
        /** HTTP/1.0 and HTTP/1.1 compared as equal in request lines and status lines. */
        HTTP10("an HTTP/1.0 request is forwarded in HTTP/1.1 (Vert.x's client speaks HTTP/1.1 to servers) and answered in "
                + "HTTP/1.0 (Vert.x's server echoes the request's version); HAProxy forwards HTTP/1.0 with connection: "
                + "keep-alive and answers HTTP/1.1"),
        /** Trailer fields are not compared. */
        TRAILERS("request trailers are dropped: Vert.x's client sends none (the body itself is forwarded chunked)"),
        /** Both sides compared as multisets of lines. */
        ORDER("Vert.x writes the fields of an HTTP/2 request it forwards as HTTP/1.1 in another order (host last); "
                + "the order of fields with different names carries no meaning (RFC 9110 5.3)");

        final String reason;

        Kind(String reason) {
            this.reason = reason;
        }
    }

    /** What one case may do differently: header kinds, and a reason when Luxy may refuse what HAProxy forwards. */
    record Allowed(Set<Kind> kinds, String stricter) {

        /** {@code lines} as compared for this case (hop-by-hop fields out, names lowercased, sorted, as allowed). */
        List<String> headers(List<String> lines, Set<String> connectionTokens) {
            List<String> out = new java.util.ArrayList<>();
            for (String l : lines) {
                int c = l.indexOf(':');
                String name = c < 0 ? l : l.substring(0, c);
                String lname = name.toLowerCase(Locale.ROOT);
                if (kinds.contains(Kind.CONNECTION_FIELDS) && (HOP_BY_HOP.contains(lname) || connectionTokens.contains(lname))) {
                    continue;
                }
                if (kinds.contains(Kind.HOST_ADDED) && lname.equals("host")) {
                    continue;
                }
                if (kinds.contains(Kind.FRAMING_VALUES) && c >= 0 && lname.equals("transfer-encoding")) {
                    l = name + l.substring(c).toLowerCase(Locale.ROOT);
                } else if (kinds.contains(Kind.FRAMING_VALUES) && c >= 0 && lname.equals("content-length")) {
                    l = name + ": " + Long.parseLong(l.substring(c + 1).trim());
                }
                out.add(kinds.contains(Kind.NAME_CASE) && c >= 0 ? lname + l.substring(c) : l);
            }
            if (kinds.contains(Kind.ORDER)) {
                out.sort(null);
            }
            return out;
        }
    }

    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    /**
     * Requests Luxy may refuse (answer 4xx or close, forward nothing) although HAProxy 2.6.12
     * forwards them: each group's reason, then its cases. Matching HAProxy passes too.
     */
    static final Map<String, String> STRICTER = Map.ofEntries(
            Map.entry("DEL (0x7f) in the URI: HAProxy 2.6's parser refuses bytes 0-32 and 127 one by one, but its "
                    + "vectorised scan of the URI lets 0x7f through; Luxy applies the rule",
                    "uri-x7f"),
            Map.entry("NUL and other control characters in a field value: RFC 9110 5.5 says NUL MUST be refused or "
                    + "replaced, and field values have no CTLs but HTAB; HAProxy 2.6.12 forwards them as received",
                    "nul-in-value ctl-x01-in-value ctl-x1f-in-value del-in-value"),
            Map.entry("an HTTP/2 request whose host differs from :authority: RFC 9113 8.3.1 says it SHOULD be treated as "
                    + "malformed; Netty resets the stream, HAProxy 2.6 ignores host (reg-test h2_desync_attacks)",
                    "h2-authority-vs-host"));

    private static final String NETTY_H2 = "Netty's HTTP/2 codec closes the connection (GOAWAY) on an invalid field or "
            + "pseudo-header where HAProxy resets the stream";

    /**
     * Cases where HAProxy refuses too, and Luxy refuses in another form (forwarding nothing either way):
     * each case's reason.
     */
    static final Map<String, String> REFUSED_OTHERWISE = Map.of(
            "h2-path-with-space", NETTY_H2,
            "h2-value-crlf", NETTY_H2,
            "h2-value-nul", NETTY_H2,
            "h2-method-invalid", NETTY_H2 + " (HAProxy answers 400 on the stream)",
            "h2-content-length-over-data", "Vert.x answers 400 where HAProxy resets the stream (RST_STREAM PROTOCOL_ERROR)",
            "h2-content-length-under-data", "Vert.x answers 400 where HAProxy resets the stream (RST_STREAM PROTOCOL_ERROR)");

    /**
     * Features Luxy does not have, compared only for safety (nothing HAProxy refuses is forwarded):
     * each case's reason.
     */
    static final Map<String, String> UNSUPPORTED = Map.of(
            "connect-method", "CONNECT is forwarded as an ordinary request, not turned into a tunnel (HAProxy 2.6 tunnels it "
                    + "after a 2xx and writes Host without the port)",
            "connect-with-body", "CONNECT is forwarded as an ordinary request with its body (HAProxy drops the length and "
                    + "sends the body as tunnel data)");

    /** The cases each header kind applies to. */
    static final Map<Kind, String> HEADER_KINDS = Map.of(
            Kind.NAME_CASE, """
                    get-simple get-connection-close post-content-length post-chunked post-chunked-multi pipeline-two-gets
                    pipeline-post-then-get pipeline-chunked-then-get cl-then-te te-then-cl cl-te-smuggle te-cl-smuggle
                    te-chunked-cl-zero te-tab-before-value te-no-space te-trailing-space te-uppercase-value
                    te-uppercase-name te-obs-fold te-http10 te-on-get cl-duplicate-same cl-list-same cl-leading-zeros
                    cl-trailing-space cl-tab-before-value cl-obs-fold cl-shorter-than-body cl-on-get cl-on-get-pipelined
                    cl-zero-with-bytes obs-fold-value obs-fold-tab bare-lf-everywhere bare-lf-header bare-lf-end-of-head
                    bare-lf-post-cl nul-in-value ctl-x01-in-value ctl-x1f-in-value del-in-value high-bytes-in-value
                    value-trailing-spaces value-empty name-underscore name-tokens uri-x7f uri-tab-separators
                    uri-double-space uri-relative uri-asterisk-options method-lowercase method-unknown-token version-2-0
                    version-1-2 leading-empty-lines absolute-uri-same-host absolute-uri-port-80 absolute-uri-https
                    absolute-uri-userinfo two-hosts-same host-empty host-with-space headers-100 header-value-8000
                    header-block-at-limit request-line-8000 request-line-at-limit chunk-size-leading-zeros
                    chunk-size-uppercase chunk-size-trailing-space chunk-extension chunk-extension-quoted
                    chunk-extension-bare-lf chunk-extension-ctl chunk-bare-lf-everywhere chunk-trailers
                    chunk-trailer-content-length chunked-then-pipelined-bad
                    upgrade-h2c-with-body upgrade-h2c-get upgrade-websocket-with-body upgrade-websocket-no-body
                    upgrade-without-connection expect-100-with-body expect-100-chunked expect-unknown connect-method
                    connect-with-body pipeline-good-then-bad pipeline-after-close http10-host http10-keep-alive
                    http10-post-content-length connection-names-header connection-keep-alive-11 connection-close-upper
                    proxy-connection te-trailers-header trailer-header
                    """,
            Kind.CONNECTION_FIELDS, """
                    upgrade-h2c-with-body upgrade-h2c-get upgrade-websocket-with-body upgrade-websocket-no-body
                    upgrade-without-connection http10-simple http10-host http10-keep-alive http10-then-pipelined
                    http10-post-no-length http10-post-content-length connection-names-header connection-keep-alive-11
                    proxy-connection te-trailers-header trailer-header h2-te-trailers
                    """,
            Kind.ORDER, """
                    h2-get-valid h2-post-with-data h2-post-no-length h2-host-without-authority h2-te-trailers
                    h2-cookies-split
                    """,
            Kind.FRAMING_VALUES, "te-uppercase-value cl-leading-zeros",
            Kind.HOST_ADDED, """
                    absolute-uri-no-host no-host-http11 te-http10 http10-simple http10-keep-alive http10-then-pipelined
                    http10-post-no-length http10-post-content-length
                    """,
            Kind.HTTP10, """
                    te-http10 http10-simple http10-host http10-keep-alive http10-then-pipelined http10-post-no-length
                    http10-post-content-length
                    """,
            Kind.TRAILERS, "chunk-trailers chunk-trailer-content-length");

    private static final Map<String, Allowed> TABLE = build();

    private static Map<String, Allowed> build() {
        Map<String, Set<Kind>> kinds = new HashMap<>();
        HEADER_KINDS.forEach((k, names) -> {
            for (String n : names.trim().split("\\s+")) {
                kinds.computeIfAbsent(n, x -> EnumSet.noneOf(Kind.class)).add(k);
            }
        });
        Map<String, String> stricter = new HashMap<>();
        STRICTER.forEach((reason, names) -> {
            for (String n : names.trim().split("\\s+")) {
                stricter.put(n, reason);
            }
        });
        Map<String, Allowed> out = new HashMap<>();
        for (String n : kinds.keySet()) {
            out.put(n, new Allowed(kinds.get(n), stricter.get(n)));
        }
        for (String n : stricter.keySet()) {
            out.putIfAbsent(n, new Allowed(EnumSet.noneOf(Kind.class), stricter.get(n)));
        }
        return out;
    }

    /** Every case name the tables mention (to check them against the suite's). */
    static Set<String> names() {
        return TABLE.keySet();
    }

    /** What case {@code name} may do differently (nothing when it is not listed). */
    static Allowed forCase(String name) {
        return TABLE.getOrDefault(name, new Allowed(EnumSet.noneOf(Kind.class), null));
    }
}

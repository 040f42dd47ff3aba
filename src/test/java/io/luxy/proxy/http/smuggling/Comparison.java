package io.luxy.proxy.http.smuggling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.luxy.proxy.http.smuggling.Deviations.Allowed;

/**
 * Compares Luxy's result of a case with HAProxy's (see {@link HttpSmugglingIT}): the client's
 * status codes (HTTP/2: the outcome of stream 1) and whether the connection was closed; then
 * what the server received, request by request: request line, header lines, framing (none,
 * length N, chunked), decoded body, trailers, bytes left over. Header differences pass only
 * when {@link Deviations} lists them for the case.
 */
final class Comparison {

    private Comparison() {
    }

    /** The outcome of one comparison: mismatches (the case fails), and the listed deviations it relied on. */
    record Result(List<String> mismatches, List<String> allowed) {
    }

    /** The differences between HAProxy's result {@code h} and Luxy's {@code l} for case {@code c}. */
    static Result compare(SmugglingCase c, Golden h, Golden l) {
        List<String> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Allowed allowed = Deviations.forCase(c.name());
        String unsupported = Deviations.UNSUPPORTED.get(c.name());
        if (unsupported != null) {
            // only what makes a request safe is compared: nothing HAProxy refused is forwarded
            if (nonEmpty(h.backend()).isEmpty() && !nonEmpty(l.backend()).isEmpty()) {
                out.add("server: HAProxy forwarded nothing, Luxy forwarded " + nonEmpty(l.backend()).size() + " connection(s)");
            } else {
                notes.add("not supported: " + unsupported);
            }
            return new Result(out, notes);
        }
        String otherwise = Deviations.REFUSED_OTHERWISE.get(c.name());
        if (otherwise != null && nonEmpty(h.backend()).isEmpty() && refused(l)) {
            notes.add("refused otherwise: " + otherwise);
            return new Result(out, notes);
        }
        if (allowed.stricter() != null && !nonEmpty(h.backend()).isEmpty() && refused(l)) {
            // Luxy refused where HAProxy forwarded: listed as intended, with its reason
            notes.add("stricter: " + allowed.stricter());
            return new Result(out, notes);
        }
        if (c.h2()) {
            String ho = H2Client.outcome(events(h.client()));
            String lo = H2Client.outcome(events(l.client()));
            if (!ho.equals(lo)) {
                out.add("client: HAProxy " + ho + ", Luxy " + lo);
            }
        } else {
            RawClient.Reply hr = reply(h.client());
            RawClient.Reply lr = reply(l.client());
            if (!versions(hr.statuses(), allowed).equals(versions(lr.statuses(), allowed))) {
                out.add("client responses: HAProxy " + statuses(hr) + ", Luxy " + statuses(lr));
            }
            if (hr.closed() != lr.closed()) {
                out.add("client connection: HAProxy " + (hr.closed() ? "closed it" : "kept it open") + ", Luxy "
                        + (lr.closed() ? "closed it" : "kept it open"));
            }
        }
        List<byte[]> hc = nonEmpty(h.backend());
        List<byte[]> lc = nonEmpty(l.backend());
        if (hc.isEmpty() && !lc.isEmpty()) {
            out.add("server: HAProxy forwarded nothing, Luxy forwarded " + lc.size() + " connection(s): "
                    + lc.stream().map(Escapes::escape).toList());
            return new Result(out, notes);
        }
        if (!hc.isEmpty() && lc.isEmpty()) {
            out.add("server: HAProxy forwarded " + hc.size() + " connection(s), Luxy forwarded nothing");
            return new Result(out, notes);
        }
        if (hc.size() != lc.size()) {
            out.add("server connections: HAProxy " + hc.size() + ", Luxy " + lc.size());
        }
        Context cx = new Context(allowed, c.raw(), out, notes);
        for (int i = 0; i < Math.min(hc.size(), lc.size()); i++) {
            compareConnection(i, Framing.parse(hc.get(i)), Framing.parse(lc.get(i)), cx);
        }
        return new Result(out, notes.stream().distinct().toList());
    }

    /** {@code lines} with HTTP/1.0 read as HTTP/1.1 when the case allows {@link Deviations.Kind#HTTP10}. */
    private static List<String> versions(List<String> lines, Allowed allowed) {
        return allowed.kinds().contains(Deviations.Kind.HTTP10)
                ? lines.stream().map(x -> x.replace("HTTP/1.0", "HTTP/1.1")).toList() : lines;
    }

    private record Context(Allowed allowed, byte[] raw, List<String> out, List<String> notes) {
    }

    /** Luxy answered 4xx/5xx (HTTP/2: anything but a 1xx-3xx) or nothing, and forwarded nothing. */
    private static boolean refused(Golden l) {
        if (!nonEmpty(l.backend()).isEmpty()) {
            return false;
        }
        if (l.client().startsWith("h2 ")) {
            String o = H2Client.outcome(events(l.client()));
            return !o.startsWith("status 2") && !o.startsWith("status 1") && !o.startsWith("status 3");
        }
        List<String> s = reply(l.client()).statuses();
        return s.isEmpty() || s.get(0).equals("garbage") || s.get(0).charAt(9) >= '4';
    }

    private static void compareConnection(int i, Framing.Parsed h, Framing.Parsed l, Context cx) {
        List<String> out = cx.out();
        String at = "server connection " + (i + 1);
        if (h.messages().size() != l.messages().size()) {
            out.add(at + ": HAProxy sent " + h.messages().size() + " request(s), Luxy " + l.messages().size());
        }
        for (int k = 0; k < Math.min(h.messages().size(), l.messages().size()); k++) {
            compareMessage(at + (h.messages().size() > 1 ? " request " + (k + 1) : ""), h.messages().get(k),
                    l.messages().get(k), cx);
        }
        if (!Arrays.equals(h.rest(), l.rest())) {
            out.add(at + ": bytes after the requests: HAProxy \"" + Escapes.escape(h.rest()) + "\", Luxy \""
                    + Escapes.escape(l.rest()) + "\"");
        }
    }

    private static void compareMessage(String at, Framing.Message h, Framing.Message l, Context cx) {
        List<String> out = cx.out();
        Allowed allowed = cx.allowed();
        if (!versions(List.of(h.requestLine()), allowed).equals(versions(List.of(l.requestLine()), allowed))) {
            out.add(at + ": request line: HAProxy \"" + Escapes.escape(h.requestLine()) + "\", Luxy \""
                    + Escapes.escape(l.requestLine()) + "\"");
        }
        if (!h.framing().equals(l.framing())) {
            out.add(at + ": framing: HAProxy " + h.framing() + ", Luxy " + l.framing());
        }
        if (!Arrays.equals(h.body(), l.body())) {
            out.add(at + ": body: HAProxy \"" + Escapes.escape(h.body()) + "\", Luxy \"" + Escapes.escape(l.body()) + "\"");
        }
        if (h.complete() != l.complete()) {
            out.add(at + ": HAProxy's request is " + (h.complete() ? "" : "in") + "complete, Luxy's "
                    + (l.complete() ? "" : "in") + "complete");
        }
        if (h.bareLf() != l.bareLf()) {
            out.add(at + ": bare LF line endings: HAProxy " + h.bareLf() + ", Luxy " + l.bareLf());
        }
        Set<String> tokens = new HashSet<>();
        tokens.addAll(connectionTokens(h.headerLines()));
        tokens.addAll(connectionTokens(l.headerLines()));
        compareFields(at + ": headers", h.headerLines(), l.headerLines(), tokens, cx);
        if (!allowed.kinds().contains(Deviations.Kind.TRAILERS)) {
            compareFields(at + ": trailers", h.trailerLines(), l.trailerLines(), tokens, cx);
        }
    }

    private static void compareFields(String at, List<String> h, List<String> l, Set<String> tokens, Context cx) {
        Allowed allowed = cx.allowed();
        List<String> hh = allowed.headers(h, tokens);
        List<String> lh = allowed.headers(l, tokens);
        if (!hh.equals(lh)) {
            cx.out().add(at + ": HAProxy " + h.stream().map(Escapes::escape).toList() + ", Luxy "
                    + l.stream().map(Escapes::escape).toList()
                    + (allowed.kinds().isEmpty() ? "" : " (compared as " + allowed.kinds() + ")"));
            return;
        }
        if (!h.equals(l)) {
            cx.notes().add("headers differ as listed: " + allowed.kinds());
        }
        if (allowed.kinds().contains(Deviations.Kind.NAME_CASE)) {
            // the allowance is Luxy keeping the client's spelling: any other spelling is a mismatch
            String raw = new String(cx.raw() == null ? new byte[0] : cx.raw(), StandardCharsets.ISO_8859_1);
            for (String line : l) {
                int c = line.indexOf(':');
                String name = c < 0 ? line : line.substring(0, c);
                if (!name.equals(lower(name)) && !raw.contains(name + ":")) {
                    cx.out().add(at + ": Luxy wrote the name " + Escapes.escape(name)
                            + " neither as the client spelled it nor in lowercase");
                }
            }
        }
    }

    /** Lowercase tokens of the Connection fields in {@code lines}. */
    private static Set<String> connectionTokens(List<String> lines) {
        Set<String> out = new HashSet<>();
        for (String line : lines) {
            int c = line.indexOf(':');
            if (c > 0 && lower(line.substring(0, c).trim()).equals("connection")) {
                for (String t : line.substring(c + 1).split(",")) {
                    out.add(lower(t.trim()));
                }
            }
        }
        return out;
    }

    private static List<byte[]> nonEmpty(List<byte[]> conns) {
        // a connection the proxy opened and closed without sending anything carries no request
        return conns.stream().filter(b -> b.length > 0).toList();
    }

    static RawClient.Reply reply(String client) {
        boolean closed = client.startsWith("closed ");
        String bytes = client.substring(closed ? 7 : 5);
        return new RawClient.Reply(Escapes.unescape(bytes), closed);
    }

    static List<String> events(String client) {
        return List.of(client.substring(3).split(" \\| "));
    }

    private static String statuses(RawClient.Reply r) {
        List<String> s = r.statuses();
        return s.isEmpty() ? "(no response)" : s.toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

}

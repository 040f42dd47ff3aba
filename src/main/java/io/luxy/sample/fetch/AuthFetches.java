package io.luxy.sample.fetch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleType;
import io.luxy.sample.SampleVisitor;
import io.luxy.sample.UserlistLookup;

/**
 * HTTP authentication fetches (doc/configuration.txt 7.3.6, src/http_fetch.c), bound to one
 * generation's {@link UserlistLookup}: {@code http_auth(L)} (bool: Basic credentials valid in
 * userlist L), {@code http_auth_group(L)} (the user name when valid; as an ACL its patterns are
 * group names of L and match when the user belongs to one), {@code http_auth_type} ("Basic" or
 * "Bearer"), {@code http_auth_user}, {@code http_auth_pass}. The {@code Authorization} header is
 * read as HAProxy's {@code get_http_auth()} does: the first value, a scheme that is a
 * case-insensitive prefix of "Basic" or "Bearer", then base64 {@code user:password}. Without
 * usable credentials the fetches fail (ACLs do not match, Lua gets nil).
 */
public final class AuthFetches {

    private AuthFetches() {
    }

    /** Registers the five fetches over {@code users} into {@code m}. */
    public static void register(Map<String, SampleFetch> m, UserlistLookup users) {
        ArgSpec list = ArgSpec.of(1, ArgType.STR).validatedBy(a -> a.isEmpty() || users == UserlistLookup.NONE
                || users.hasUserlist(a.get(0)) ? null : "unable to find userlist '" + a.get(0) + "'");
        m.put("http_auth", FetchDef.of(SampleType.BOOL, list, (ctx, a) -> {
            Credentials c = Credentials.of(ctx);
            return c == null ? null : Sample.bool(c.basic() && users.check(a.get(0), c.user(), c.pass()));
        }));
        m.put("http_auth_group", new Group(list, users));
        m.put("http_auth_type", FetchDef.of(SampleType.STR, ArgSpec.NONE, (ctx, a) -> {
            Credentials c = Credentials.of(ctx);
            return c == null ? null : Sample.str(c.basic() ? "Basic" : "Bearer");
        }));
        m.put("http_auth_user", FetchDef.of(SampleType.STR, ArgSpec.NONE, (ctx, a) -> {
            Credentials c = Credentials.of(ctx);
            return c == null || !c.basic() ? null : Sample.str(c.user());
        }));
        m.put("http_auth_pass", FetchDef.of(SampleType.STR, ArgSpec.NONE, (ctx, a) -> {
            Credentials c = Credentials.of(ctx);
            return c == null || !c.basic() ? null : Sample.str(c.pass());
        }));
    }

    /**
     * {@code http_auth_group(L)}: the user name when the credentials are valid; for ACLs, each of
     * the user's groups is a value, so the default string match compares group names (HAProxy's
     * {@code pat_match_auth}), and patterns must be groups of L.
     */
    private record Group(ArgSpec argSpec, UserlistLookup users) implements SampleFetch {
        @Override
        public Sample fetch(SampleContext ctx, List<String> args) {
            Credentials c = Credentials.of(ctx);
            return c == null || !c.basic() || !users.check(args.get(0), c.user(), c.pass()) ? null : Sample.str(c.user());
        }

        @Override
        public boolean anyValue(SampleContext ctx, List<String> args, SampleVisitor visitor) {
            Sample user = fetch(ctx, args);
            if (user == null) {
                return false;
            }
            for (String g : users.groups(args.get(0), (String) user.value())) {
                if (visitor.visit(Sample.str(g), ctx)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String checkAclPattern(List<String> args, String pattern) {
            return users == UserlistLookup.NONE || users.hasGroup(args.get(0), pattern) ? null : "invalid group '" + pattern + "'";
        }

        @Override
        public SampleType outputType() {
            return SampleType.STR;
        }
    }

    /** The parsed Authorization header: Basic with user and password, or Bearer (user and pass null). */
    record Credentials(boolean basic, String user, String pass) {

        private static final Credentials BEARER = new Credentials(false, null, null);

        /** get_http_auth(): null when there is no usable Authorization header. */
        static Credentials of(SampleContext ctx) {
            if (!ctx.hasHttpRequest()) {
                return null;
            }
            String value = null;
            for (Map.Entry<String, String> h : ctx.requestHeaders()) {
                if (h.getKey().equalsIgnoreCase("authorization")) {
                    value = h.getValue();
                    break;
                }
            }
            if (value == null) {
                return null;
            }
            int comma = value.indexOf(',');
            value = (comma < 0 ? value : value.substring(0, comma)).strip(); // the first value of the header
            int sp = value.indexOf(' ');
            if (sp <= 0) {
                return null;
            }
            String scheme = value.substring(0, sp);
            String data = value.substring(sp).stripLeading();
            if (scheme.length() <= 5 && "Basic".regionMatches(true, 0, scheme, 0, scheme.length())) {
                return basic(data);
            }
            if (scheme.length() <= 6 && "Bearer".regionMatches(true, 0, scheme, 0, scheme.length())) {
                return BEARER;
            }
            return null;
        }

        private static Credentials basic(String data) {
            if (data.length() % 4 != 0) {
                return null; // base64dec() wants whole quanta
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(data), StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int nul = decoded.indexOf('\0');
            if (nul >= 0) {
                decoded = decoded.substring(0, nul); // HAProxy works on a C string
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new Credentials(true, decoded.substring(0, colon), decoded.substring(colon + 1));
        }
    }
}

package io.luxy.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.codec.digest.Crypt;
import org.junit.jupiter.api.Test;

import io.luxy.config.Diagnostic;
import io.luxy.reload.Generation;

/**
 * Userlist projection and the checks HAProxy 2.6 runs after parsing (user/group references,
 * userlist arguments of {@code http_auth*}, {@code http_auth_group} ACL patterns), in check mode;
 * the reference messages are compared with {@code haproxy -c} when it is installed.
 */
class UserlistConfigTest {

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static final String HEAD = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            """;

    private static Generation.Built check(Path dir, String cfg) throws Exception {
        Path f = dir.resolve("t.cfg");
        Files.writeString(f, cfg);
        return Generation.build(0, List.of(f), null, 1);
    }

    private static List<String> alerts(Generation.Built b) {
        return b.diagnostics().alerts().stream().map(Diagnostic::text).toList();
    }

    /** What {@code haproxy -c} prints after " : config : ", or null when haproxy is not installed. */
    private static String haproxy(Path dir) throws Exception {
        if (!Files.isExecutable(HAPROXY)) {
            return null;
        }
        Process p = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", "t.cfg").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void unknownGroupOfAUserIsRefusedAsHaproxy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Generation.Built b = check(dir, "userlist L\n    group g1\n    user alice insecure-password a groups g1,nog\n" + HEAD);
        assertNull(b.generation());
        assertEquals(List.of("userlist 'L': no such group 'nog' specified in user 'alice'"), alerts(b));
        String ref = haproxy(dir);
        if (ref != null) {
            assertTrue(ref.contains(" : config : userlist 'L': no such group 'nog' specified in user 'alice'\n"), ref);
        }
    }

    @Test
    void unknownUserOfAGroupIsRefusedAsHaproxy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Generation.Built b = check(dir, "userlist L\n    group g1 users alice,bob\n    user alice insecure-password a\n" + HEAD);
        assertEquals(List.of("userlist 'L': no such user 'bob' specified in group 'g1'"), alerts(b));
        String ref = haproxy(dir);
        if (ref != null) {
            assertTrue(ref.contains(" : config : userlist 'L': no such user 'bob' specified in group 'g1'\n"), ref);
        }
    }

    @Test
    void unknownUserlistInAFetchIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Generation.Built b = check(dir, "userlist L\n    user a insecure-password a\n" + HEAD
                + "frontend f\n    bind 127.0.0.1:18999\n    http-request auth unless { http_auth(L2) }\n");
        assertNull(b.generation());
        assertTrue(alerts(b).stream().anyMatch(a -> a.startsWith("parsing [") && a.contains("unable to find userlist 'L2'")), alerts(b)::toString);
    }

    @Test
    void groupPatternsMustBeGroupsOfTheUserlist(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Generation.Built b = check(dir, "userlist L\n    group g1\n    user a insecure-password a groups g1\n" + HEAD
                + "frontend f\n    bind 127.0.0.1:18999\n    acl adm http_auth_group(L) g1 g3\n    http-request deny if adm\n");
        assertNull(b.generation());
        assertTrue(alerts(b).stream().anyMatch(a -> a.contains("http_auth_group(): invalid group 'g3'")), alerts(b)::toString);
    }

    @Test
    void userlistsCoexistWithStatsAuth(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Generation.Built b = check(dir, "userlist L\n    group g1 users a\n    user a insecure-password a\n" + HEAD
                + "listen stats\n    bind 127.0.0.1:18999\n    stats enable\n    stats auth admin:x\n    http-request auth if !{ http_auth_group(L) g1 }\n");
        assertNotNull(b.generation(), () -> alerts(b).toString());
    }

    @Test
    void duplicatesKeepTheFirstAndLinesAfterADuplicatedHeaderGoToTheLastUserlist(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Generation.Built b = check(dir, """
                userlist A
                    user a insecure-password first
                    user a insecure-password second
                userlist B
                    user b insecure-password b
                userlist A
                    user c insecure-password c
                """ + HEAD);
        assertNotNull(b.generation(), () -> alerts(b).toString());
        Userlists u = Userlists.from(b.generation().config(), new io.luxy.config.Diagnostics());
        assertTrue(u.check("A", "a", "first"));
        assertFalse(u.check("A", "a", "second"));
        assertTrue(u.check("B", "c", "c"), "HAProxy adds them to the userlist declared last");
        assertFalse(u.check("A", "c", "c"));
    }

    @Test
    void hashedPasswordsOfEveryCryptSchemeAreChecked() {
        String pw = "hashpw";
        for (String salt : List.of("$6$saltsalt", "$5$saltsalt", "$1$saltsalt", "ab", "$6$rounds=6000$other")) {
            String hash = Crypt.crypt(pw, salt);
            Userlist l = userlist(hash);
            assertTrue(l.check("u", pw), salt);
            assertTrue(l.check("u", pw), salt + " (remembered)");
            assertFalse(l.check("u", pw + "x"), salt);
            assertFalse(l.check("v", pw), salt);
        }
        assertFalse(userlist("$7$unsupported").check("u", pw));
        assertFalse(userlist("").check("u", ""));
    }

    private static Userlist userlist(String hash) {
        var user = new Userlist.User("u", hash, false, List.of(), new Userlist.Memo());
        return new Userlist("L", java.util.Map.of("u", user), java.util.Set.of());
    }
}

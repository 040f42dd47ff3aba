package io.luxy.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * {@code userlist} sections, the {@code http_auth*} fetches (in ACLs, log-format and Lua's
 * {@code txn.f}) and {@code http-request auth}, over real sockets; every answer is compared byte
 * for byte with HAProxy 2.6 serving the same cfg (skipped when haproxy is not installed). The
 * hashes are of the test password "hashpw" (openssl passwd -6/-5/-1, crypt(3) DES), not secrets.
 */
class HttpAuthIT extends LuxyTestBase {

    static final String CFG = """
            global
                lua-load @AUTHLUA@
            userlist L
                group adm users alice
                group ops
                user alice insecure-password apw groups ops
                user bob password $6$saltsalt$e8A2cZc1jag/IUwm6WgajVIrlhcGTxWo27h7wY8NmJudJ2DyJSvvbk2eXnaVLlTcGzZLbqf80PAmjBJiGl8OO/
                user carl password $5$saltsalt$KtX4Iqk5jg14zGO.ajeQ/o1NDaZgSe1gC7t4.ZGpJ5/ groups adm
                user dan password $1$saltsalt$Hg2TDaX4GguqHVjuQCuLy0
                user ed password abv.40MSsPxuY
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            frontend fe
                bind 127.0.0.1:@PORT@
                acl adm http_auth_group(L) adm
                http-request lua.auth_vars
                http-request return status 200 content-type text/plain lf-string "adm %[var(txn.lua_auth)] %[http_auth_group(L)]\\n" if { path /adm } adm
                http-request auth if { path /adm }
                http-request auth realm My\\ Realm if { path /realm } !{ http_auth(L) }
                http-request auth unless { http_auth(L) }
                http-request return status 200 content-type text/plain lf-string "ok %[var(txn.lua_auth)] %[http_auth_type] %[http_auth_user] %[http_auth_pass]\\n"
            """;

    /** Path and Authorization header (null for none) of each request. */
    static final List<String[]> REQUESTS = List.of(
            new String[] {"/", null},
            new String[] {"/", basic("alice", "apw")},
            new String[] {"/", basic("alice", "bad")},
            new String[] {"/", basic("nobody", "apw")},
            new String[] {"/", basic("bob", "hashpw")},
            new String[] {"/", basic("bob", "hashpw")}, // second time: the remembered digest
            new String[] {"/", basic("bob", "wrong")},
            new String[] {"/", basic("carl", "hashpw")},
            new String[] {"/", basic("dan", "hashpw")},
            new String[] {"/", basic("ed", "hashpw")},
            new String[] {"/", "Bearer abc"},
            new String[] {"/", "Basic !!!"},
            new String[] {"/adm", basic("carl", "hashpw")},
            new String[] {"/adm", basic("alice", "apw")},
            new String[] {"/adm", basic("bob", "hashpw")},
            new String[] {"/realm", null},
            new String[] {"/realm", basic("dan", "hashpw")});

    static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends one HTTP/1.1 request with {@code Connection: close} and returns the raw answer. */
    static String exchange(int port, String path, String authorization) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            String req = "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Connection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private String cfg(int port) {
        return CFG.replace("@PORT@", Integer.toString(port))
                .replace("@AUTHLUA@", Path.of("src/test/resources/auth/auth.lua").toAbsolutePath().toString());
    }

    private List<String> answers(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String[] r : REQUESTS) {
            out.add(exchange(port, r[0], r[1]));
        }
        return out;
    }

    @Test
    void unauthenticatedGets401ThenGoodCredentialsGet200() throws Exception {
        int port = freePort();
        startProxy(cfg(port));
        String none = exchange(port, "/", null);
        assertTrue(none.startsWith("HTTP/1.1 401 Unauthorized\r\n"), none);
        assertTrue(none.contains("\r\nwww-authenticate: Basic realm=\"fe\"\r\n"), none);
        assertTrue(none.endsWith("\r\n\r\n<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and password to access this content.\n</body></html>\n"), none);
        String ok = exchange(port, "/", basic("alice", "apw"));
        assertTrue(ok.startsWith("HTTP/1.1 200 OK\r\n"), ok);
        assertTrue(ok.endsWith("ok 1/alice/Basic/alice Basic alice apw\n"), ok);
        assertTrue(exchange(port, "/", basic("alice", "nope")).startsWith("HTTP/1.1 401 "));
        String hashed = exchange(port, "/", basic("bob", "hashpw"));
        assertTrue(hashed.endsWith("ok 1/bob/Basic/bob Basic bob hashpw\n"), hashed);
        assertTrue(exchange(port, "/", basic("bob", "hashpw2")).startsWith("HTTP/1.1 401 "));
        String group = exchange(port, "/adm", basic("carl", "hashpw"));
        assertTrue(group.endsWith("adm 1/carl/Basic/carl carl\n"), group);
        String notInGroup = exchange(port, "/adm", basic("dan", "hashpw"));
        assertTrue(notInGroup.startsWith("HTTP/1.1 401 "), notInGroup);
        String realm = exchange(port, "/realm", null);
        assertTrue(realm.contains("\r\nwww-authenticate: Basic realm=\"My Realm\"\r\n"), realm);
    }

    @Test
    void statsHttpRequestAuthUsesTheUserlist() throws Exception {
        int port = freePort();
        startProxy("""
                userlist L
                    group adm users alice
                    user alice insecure-password apw
                    user bob password $6$saltsalt$e8A2cZc1jag/IUwm6WgajVIrlhcGTxWo27h7wY8NmJudJ2DyJSvvbk2eXnaVLlTcGzZLbqf80PAmjBJiGl8OO/
                defaults
                    mode http
                    timeout client 5s
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /st
                    stats http-request deny if { src 10.0.0.0/8 }
                    stats http-request auth unless { http_auth_group(L) adm }
                """.formatted(port));
        String none = exchange(port, "/st", null);
        assertTrue(none.startsWith("HTTP/1.1 401 Unauthorized\r\n"), none);
        assertTrue(none.contains("\r\nwww-authenticate: Basic realm=\"HAProxy Statistics\"\r\n"), none);
        assertTrue(exchange(port, "/st", basic("bob", "hashpw")).startsWith("HTTP/1.1 401 "), "bob is not in adm");
        String ok = exchange(port, "/st;csv", basic("alice", "apw"));
        assertTrue(ok.startsWith("HTTP/1.1 200 OK\r\n") && ok.contains("# pxname,svname,"), ok);
    }

    @Test
    void statsAuthAndStatsHttpRequestCannotBeMixed() throws Exception {
        var b = build("""
                userlist L
                    user alice insecure-password apw
                listen s
                    mode http
                    bind 127.0.0.1:1
                    timeout client 1s
                    stats enable
                    stats auth x:y
                    stats http-request auth unless { http_auth(L) }
                """);
        assertTrue(b.generation() == null && b.diagnostics().alerts().stream().anyMatch(d -> d.text()
                .equals("proxy 's': stats 'auth'/'realm' and 'http-request' can't be used at the same time.")), b.diagnostics().all()::toString);
    }

    @Test
    void sameAnswersAsHaproxy() throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(haproxy), "HAProxy 2.6 is not installed");
        int ref = freePort();
        Path cfg = Files.createTempFile("auth-parity", ".cfg");
        Files.writeString(cfg, cfg(ref));
        Process p = new ProcessBuilder(haproxy.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(cfg.resolveSibling(cfg.getFileName() + ".log").toFile()).start();
        List<String> expected;
        try {
            Await.until(() -> listening(ref));
            expected = answers(ref);
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(cfg);
        }
        int port = freePort();
        startProxy(cfg(port));
        List<String> actual = answers(port);
        for (int i = 0; i < REQUESTS.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "request " + REQUESTS.get(i)[0] + " " + REQUESTS.get(i)[1]);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

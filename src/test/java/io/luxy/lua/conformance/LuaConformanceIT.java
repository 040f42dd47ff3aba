package io.luxy.lua.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.luxy.support.Await;
import io.luxy.support.LuxyTestBase;

/**
 * Runs every case of {@code src/test/resources/regtests/lua/} (see {@link ConformanceCase} and
 * {@link Exchange} for the format) against Luxy and, when {@code /usr/sbin/haproxy} exists,
 * against HAProxy 2.6 ({@code haproxy -d -f cfg} on free loopback ports): both must meet the
 * case's expectations and give the same answers.
 */
class LuaConformanceIT extends LuxyTestBase {

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern BIND = Pattern.compile("(?m)^\\s*bind\\s+127\\.0\\.0\\.1:(\\d+)");

    /** Every case, or those whose name contains system property {@code regtest.only} when set. */
    static List<ConformanceCase> cases() throws IOException {
        String only = System.getProperty("regtest.only", "");
        return ConformanceCase.all().stream().filter(c -> only.isEmpty() || c.name().contains(only)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conforms(ConformanceCase c) throws Exception {
        Assumptions.assumeTrue(c.skip().isEmpty(), () -> "skipped: " + c.skip().orElse(""));
        List<Answer> reference = null;
        if (Files.isExecutable(HAPROXY) && c.haproxyDiffers().isEmpty()) {
            reference = runHaproxy(c);
            print("HAProxy 2.6", c, reference);
            check("HAProxy 2.6", c, reference);
        }
        Assumptions.assumeFalse(Boolean.getBoolean("regtest.haproxyOnly"), "regtest.haproxyOnly");
        List<Answer> luxy = runLuxy(c);
        print("Luxy", c, luxy);
        if (c.luxyDiffers().isPresent()) {
            try {
                check("Luxy", c, luxy);
                compare(c, reference, luxy);
            } catch (AssertionError e) {
                Assumptions.abort("known Luxy difference (" + c.luxyDiffers().get() + "): " + e.getMessage());
            }
            fail("case " + c.name() + " now conforms on Luxy: remove its LUXY-DIFFERS marker");
        }
        check("Luxy", c, luxy);
        compare(c, reference, luxy);
    }

    private static void compare(ConformanceCase c, List<Answer> reference, List<Answer> luxy) {
        if (reference == null) {
            return;
        }
        for (int i = 0; i < c.exchanges().size(); i++) {
            Exchange x = c.exchanges().get(i);
            for (String part : x.same) {
                assertEquals(Exchange.show(reference.get(i).part(part)), Exchange.show(luxy.get(i).part(part)),
                        c.name() + " / " + x + ": " + part + " differs between HAProxy 2.6 (expected) and Luxy");
            }
        }
    }

    /** With system property {@code regtest.print}, shows every answer (to write expectations). */
    private static void print(String who, ConformanceCase c, List<Answer> answers) {
        if (Boolean.getBoolean("regtest.print")) {
            for (int i = 0; i < answers.size(); i++) {
                System.out.println("=== " + who + " " + c.name() + " / " + c.exchanges().get(i) + "\n" + Exchange.show(answers.get(i).raw()));
            }
        }
    }

    private static int[] ports() throws IOException {
        int[] p = new int[ConformanceCase.PORTS];
        for (int i = 0; i < p.length; i++) {
            p[i] = freePort();
        }
        return p;
    }

    private List<Answer> runLuxy(ConformanceCase c) throws Exception {
        int[] ports = ports();
        Path dir = c.materialise(ports);
        startProxy(Files.readString(dir.resolve("haproxy.cfg")));
        return exchanges(c, ports);
    }

    private static List<Answer> runHaproxy(ConformanceCase c) throws Exception {
        int[] ports = ports();
        Path dir = c.materialise(ports);
        Path log = dir.resolve("haproxy.log");
        Process p = new ProcessBuilder(HAPROXY.toString(), "-d", "-f", dir.resolve("haproxy.cfg").toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String cfg = Files.readString(dir.resolve("haproxy.cfg"));
            Matcher m = BIND.matcher(cfg);
            List<Integer> binds = new ArrayList<>();
            while (m.find()) {
                binds.add(Integer.parseInt(m.group(1)));
            }
            try {
                Await.until(() -> !p.isAlive() || binds.stream().allMatch(LuaConformanceIT::listening));
            } catch (AssertionError e) {
                throw new AssertionError("haproxy did not listen: " + Files.readString(log), e);
            }
            if (!p.isAlive()) {
                throw new AssertionError("haproxy refused " + c.name() + ": " + Files.readString(log));
            }
            return exchanges(c, ports);
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Answer> exchanges(ConformanceCase c, int[] ports) throws IOException {
        List<Answer> out = new ArrayList<>();
        for (Exchange x : c.exchanges()) {
            String raw = exchange(ports[x.port - 1], x);
            out.add(x.isHttp() ? Answer.http(raw) : Answer.tcp(raw));
        }
        return out;
    }

    /** Sends the request and reads until the server closes; a read timeout (8 s) ends with "<timeout>". */
    private static String exchange(int port, Exchange x) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(8000);
            s.getOutputStream().write(x.request().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            if (x.halfClose()) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0;) {
                    b.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                b.write("<timeout>".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                b.write(("<" + e.getMessage() + ">").getBytes(StandardCharsets.ISO_8859_1));
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void check(String who, ConformanceCase c, List<Answer> answers) {
        for (int i = 0; i < answers.size(); i++) {
            Exchange x = c.exchanges().get(i);
            Answer a = answers.get(i);
            String where = who + " " + c.name() + " / " + x + "\n--- answer:\n" + Exchange.show(a.raw()) + "\n---";
            if (x.status != null && x.status != a.status()) {
                fail(where + "\nstatus " + a.status() + ", expected " + x.status);
            }
            for (String[] h : x.headers) {
                if (!a.header(h[0]).contains(h[1])) {
                    fail(where + "\nheader " + h[0] + " = " + a.header(h[0]) + ", expected " + h[1]);
                }
            }
            for (String h : x.noHeaders) {
                if (!a.header(h).isEmpty()) {
                    fail(where + "\nunexpected header " + h);
                }
            }
            if (x.body != null && !x.body.equals(a.body())) {
                fail(where + "\nbody:\n" + Exchange.show(a.body()) + "\nexpected:\n" + Exchange.show(x.body));
            }
            if (x.bodyRegex != null && !Pattern.compile(x.bodyRegex, Pattern.DOTALL).matcher(a.body()).find()) {
                fail(where + "\nbody does not match /" + x.bodyRegex + "/");
            }
            if (x.raw != null && !x.raw.equals(a.raw())) {
                fail(where + "\nexpected raw:\n" + Exchange.show(x.raw));
            }
            if (x.rawRegex != null && !Pattern.compile(x.rawRegex, Pattern.DOTALL).matcher(a.raw()).find()) {
                fail(where + "\nraw does not match /" + x.rawRegex + "/");
            }
        }
    }
}

package io.luxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.HttpServer;

/** The stats socket over real sockets: HAProxy's CSV, counters, state changes and levels. */
class RuntimeApiIT extends LuxyTestBase {

    @TempDir
    Path dir;

    private Path sock;
    private int userPort;
    private int fePort;

    @BeforeEach
    void start() throws Exception {
        int p1 = backend("one");
        int p2 = backend("two");
        sock = dir.resolve("admin.sock");
        userPort = freePort();
        fePort = freePort();
        startProxy("""
                global
                    stats socket %s mode 660 level admin
                    stats socket ipv4@127.0.0.1:%d level user
                    stats timeout 30s
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe_main
                    bind 127.0.0.1:%d
                    default_backend be_app
                backend be_app
                    balance roundrobin
                    server s1 127.0.0.1:%d weight 10
                    server s2 127.0.0.1:%d
                    server s3 127.0.0.1:1 disabled
                """.formatted(sock, userPort, fePort, p1, p2));
    }

    private int backend(String body) throws Exception {
        int port = freePort();
        HttpServer s = vertx().createHttpServer().requestHandler(r -> r.response().end(body));
        s.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return port;
    }

    /** Sends {@code input} to the unix socket and reads until the server closes. */
    static String unix(Path path, String input) throws IOException {
        return unixExchange(path, input);
    }

    static String tcp(int port, String input) throws IOException {
        try (SocketChannel c = SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", port))) {
            return channelExchange(c, input);
        }
    }

    /** Parses CSV as stats clients do: the header names the columns of every following line. */
    static List<Map<String, String>> parseCsv(String csv) {
        String[] lines = csv.split("\n");
        assertTrue(lines[0].startsWith("# "), lines[0]);
        String[] names = lines[0].substring(2).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            assertTrue(lines[i].endsWith(","), lines[i]);
            String[] cells = lines[i].split(",", -1);
            assertEquals(names.length, cells.length, lines[i]);
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 0; k < names.length - 1; k++) {
                row.put(names[k], cells[k]);
            }
            rows.add(row);
        }
        return rows;
    }

    private Map<String, String> row(List<Map<String, String>> rows, String px, String sv) {
        return rows.stream().filter(r -> r.get("pxname").equals(px) && r.get("svname").equals(sv)).findFirst().orElseThrow();
    }

    private List<String> get(int n) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // no h2c upgrade: HAProxy forwards it to the server
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fePort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        return bodies;
    }

    @Test
    void showStat_hasHaproxy26HeaderAndRowsWithIds() throws Exception {
        String out = unix(sock, "show stat\n");
        assertTrue(out.endsWith(",\n\n"), out);
        assertEquals(StatFields.header(), out.substring(0, out.indexOf('\n') + 1));
        assertEquals(HaproxyReference.HEADER_2_6, out.substring(0, out.indexOf('\n')));
        List<Map<String, String>> rows = parseCsv(out);
        assertEquals(List.of("fe_main/FRONTEND", "be_app/s1", "be_app/s2", "be_app/s3", "be_app/BACKEND"),
                rows.stream().map(r -> r.get("pxname") + "/" + r.get("svname")).toList());
        Map<String, String> fe = row(rows, "fe_main", "FRONTEND");
        assertEquals("OPEN", fe.get("status"));
        assertEquals("2", fe.get("iid"));
        assertEquals("", fe.get("qcur"));
        Map<String, String> s1 = row(rows, "be_app", "s1");
        assertEquals("no check", s1.get("status"));
        assertEquals("3", s1.get("iid"));
        assertEquals("1", s1.get("sid"));
        assertEquals("10", s1.get("weight"));
        assertEquals("MAINT", row(rows, "be_app", "s3").get("status"));
        Map<String, String> be = row(rows, "be_app", "BACKEND");
        assertEquals("UP", be.get("status"));
        assertEquals("11", be.get("weight"));
        assertEquals("roundrobin", be.get("algo"));
    }

    /** One field of one row of {@code show stat}, or null when the socket cannot be read. */
    private String stat(String px, String sv, String field) {
        try {
            return row(parseCsv(unix(sock, "show stat\n")), px, sv).get(field);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void counters_moveAsTrafficFlows() throws Exception {
        get(4);
        // responses are counted when their stream ends, which may be just after the client has read them
        io.luxy.support.Await.until(() -> "4".equals(stat("be_app", "BACKEND", "hrsp_2xx")) && "4".equals(stat("fe_main", "FRONTEND", "hrsp_2xx")));
        List<Map<String, String>> rows = parseCsv(unix(sock, "show stat\n"));
        Map<String, String> fe = row(rows, "fe_main", "FRONTEND");
        assertEquals("4", fe.get("req_tot"));
        assertEquals("4", fe.get("hrsp_2xx"));
        assertTrue(Long.parseLong(fe.get("bout")) > 0);
        Map<String, String> be = row(rows, "be_app", "BACKEND");
        assertEquals("4", be.get("stot"));
        assertEquals("4", be.get("hrsp_2xx"));
        long s1 = Long.parseLong(row(rows, "be_app", "s1").get("stot"));
        long s2 = Long.parseLong(row(rows, "be_app", "s2").get("stot"));
        assertEquals(4, s1 + s2);
        assertTrue(s1 > s2, "weight 10 vs 1: " + s1 + "/" + s2);
    }

    @Test
    void setWeightAndState_changeTrafficAtOnce() throws Exception {
        assertEquals("\n", unix(sock, "set weight be_app/s1 0\n"));
        assertEquals("0 (initial 10)\n\n", unix(sock, "get weight be_app/s1\n"));
        assertEquals(List.of("two", "two", "two"), get(3));
        assertEquals("\n", unix(sock, "set weight be_app/s1 100%\n"));
        assertEquals("\n", unix(sock, "set server be_app/s2 state maint\n"));
        assertEquals(List.of("one", "one", "one"), get(3));
        assertEquals("MAINT", row(parseCsv(unix(sock, "show stat\n")), "be_app", "s2").get("status"));
        assertEquals("\n", unix(sock, "set server be_app/s2 state drain\n"));
        assertEquals("DRAIN", row(parseCsv(unix(sock, "show stat\n")), "be_app", "s2").get("status"));
    }

    @Test
    void errors_useHaproxySentences() throws Exception {
        assertEquals("No such server.\n\n", unix(sock, "get weight be_app/nope\n"));
        assertEquals("No such backend.\n\n", unix(sock, "set weight nope/s1 3\n"));
        assertEquals("Absolute weight can only be between 0 and 256 inclusive.\n\n", unix(sock, "set weight be_app/s1 300\n"));
        assertEquals("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n\n",
                unix(sock, "set server be_app/s1 state foo\n"));
        assertTrue(unix(sock, "foo\n").startsWith("Unknown command, but maybe one of the following ones is a better match:\n"));
    }

    @Test
    void levelUser_cannotChangeState() throws Exception {
        assertEquals("Permission denied\n\n", tcp(userPort, "set weight be_app/s1 5\n"));
        assertEquals("Permission denied\n\n", tcp(userPort, "disable server be_app/s1\n"));
        assertEquals("Permission denied\n\n", tcp(userPort, "set server be_app/s1 state maint\n"));
        assertEquals("10 (initial 10)\n\n", tcp(userPort, "get weight be_app/s1\n"));
        assertEquals("user\n\n", tcp(userPort, "show cli level\n"));
        assertEquals("\noperator\n\nPermission denied\n\n", unix(sock, "operator;show cli level;set weight be_app/s1 5\n"));
    }

    @Test
    void oneShot_runsCommandsSeparatedBySemicolon() throws Exception {
        assertEquals("# name\nbe_app\n\n10 (initial 10)\n\n", unix(sock, "show backend;get weight be_app/s1\n"));
    }

    @Test
    void prompt_keepsTheConnectionWithPrompts() throws Exception {
        assertEquals("\n> # name\nbe_app\n\n> ", unix(sock, "prompt\nshow backend\nquit\n"));
    }

    @Test
    void unixSocket_hasConfiguredMode() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
    }

    @Test
    void showInfo_listsHaproxyKeysInOrder() throws Exception {
        String out = unix(sock, "show info\n");
        List<String> keys = out.lines().filter(l -> l.contains(": ")).map(l -> l.substring(0, l.indexOf(": "))).toList();
        assertEquals(List.of("Name", "Version", "Release_date", "Nbthread", "Nbproc", "Process_num", "Pid", "Uptime",
                "Uptime_sec"), keys.subList(0, 9));
        assertEquals(HaproxyReference.INFO_KEYS_2_6, keys);
    }

    @Test
    void showServersState_matchesHaproxyLayout() throws Exception {
        String out = unix(sock, "show servers state be_app\n");
        String[] lines = out.split("\n");
        assertEquals("1", lines[0]);
        assertEquals(ServersState.HEADER.strip(), lines[1]);
        assertTrue(lines[2].startsWith("3 be_app 1 s1 127.0.0.1 2 0 10 10 "), lines[2]);
        assertTrue(lines[4].startsWith("3 be_app 3 s3 127.0.0.1 0 5 1 1 "), lines[4]);
    }
}

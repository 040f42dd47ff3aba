package io.luxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.luxy.proxy.Server;

/** Reloads through {@link GenerationSwitch#reload()}: binds added and removed, server state carried, no leaks. */
class ReloadCycleIT extends SwitchTestBase {

    private Path write(String cfg) throws IOException {
        Path f = tmp.resolve("haproxy.cfg");
        Files.writeString(f, cfg.replace("@LUA@", LUA.toString()));
        return f;
    }

    @Test
    void reload_opensAddedBinds_closesRemovedOnes_carriesServerState() throws Exception {
        int a = freePort();
        int b = freePort();
        int backendPort = freePort();
        String head = """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                backend be
                    server s1 127.0.0.1:%d weight 10
                    server s2 127.0.0.1:%d weight 20
                """.formatted(backendPort, backendPort);
        Path cfg = write(head + "frontend fa\n    bind 127.0.0.1:" + a + "\n    default_backend be\n");
        start(cfg);
        Server s1 = generations.current().model().backends().get("be").server("s1");
        s1.weight(3);
        generations.current().model().backends().get("be").server("s2").admin(Server.AdminState.MAINT);

        write(head + "frontend fb\n    bind 127.0.0.1:" + b + "\n    default_backend be\n");
        assertEquals("success", generations.reload().lastReload());

        new Socket("127.0.0.1", b).close();
        Await.until(() -> refused(a));
        var be = generations.current().model().backends().get("be");
        assertEquals(3, be.server("s1").weight());
        assertEquals(Server.AdminState.MAINT, be.server("s2").admin());
        assertEquals(20, be.server("s2").weight());
    }

    @Test
    void fiftyReloads_underLoad_noFailedRequest_keptConnectionsKept_threadsAndHeapReturn() throws Exception {
        int port = freePort();
        Path lua = tmp.resolve("answer.lua");
        Files.writeString(lua, ConfigMapReloadIT.script("r0"));
        Path cfg = tmp.resolve("haproxy.cfg");
        Files.writeString(cfg, ConfigMapReloadIT.cfg(tmp, port));
        start(cfg);
        var threads = ManagementFactory.getThreadMXBean();
        try (HttpLoad load = new HttpLoad(port, 2); KeepAliveLoad kept = new KeepAliveLoad(port, 2, 5)) {
            Await.until(() -> load.ok.get() > 100 && kept.ok.get() > 100);
            // warm-up reload so that lazily created pools exist at the baseline
            Files.writeString(lua, ConfigMapReloadIT.script("warm"));
            generations.reload();
            Await.until(() -> load.last().equals("warm"));
            Await.until(() -> generations.current().number() == 2);
            int threads0 = threads.getThreadCount();
            long heap0 = heapAfterGc();
            for (int i = 1; i <= 50; i++) {
                Files.writeString(lua, ConfigMapReloadIT.script("r" + i));
                assertEquals("success", generations.reload().lastReload(), "reload " + i);
            }
            Await.until(() -> load.last().equals("r50") && kept.last().equals("r50"));
            long before = load.ok.get();
            long keptBefore = kept.ok.get();
            Await.until(() -> load.ok.get() > before + 100 && kept.ok.get() > keptBefore + 100);
            load.close();
            kept.close();
            assertEquals(List.of(), List.copyOf(load.failures), "failed requests over 50 reloads");
            assertEquals(List.of(), List.copyOf(kept.failures), "failed keep-alive requests over 50 reloads");
            assertEquals(2, kept.connections.get(), "keep-alive connections opened by 2 clients (none closed under them)");
            Await.until(() -> threads.getThreadCount() <= threads0 * 1.10 + 3);
            Await.until(() -> heapAfterGc() <= heap0 * 1.10 + 2_000_000);
            System.out.printf("50 reloads: %d requests; threads %d -> %d; heap after GC %d KB -> %d KB%n",
                    load.ok.get(), threads0, threads.getThreadCount(), heap0 / 1024, heapAfterGc() / 1024);
        }
        assertEquals(52, generations.current().number());
    }

    /**
     * A bind removed by a reload: the request in flight on it is answered, with
     * {@code Connection: close}, then its connection closes; an idle kept connection closes at
     * once; the new bind answers.
     */
    @Test
    void removedBind_answersItsRequestInFlight_thenCloses_idleConnectionClosesAtOnce() throws Exception {
        int a = freePort();
        int b = freePort();
        Path lua = tmp.resolve("slow.lua");
        Files.writeString(lua, """
                core.register_service("answer", "http", function(applet)
                  if applet.path == "/slow" then core.msleep(500) end
                  local body = "answered"
                  applet:set_status(200)
                  applet:add_header("content-length", string.len(body))
                  applet:start_response()
                  applet:send(body)
                end)
                """);
        String tpl = """
                global
                    lua-load %s
                defaults
                    mode http
                    timeout client 10s
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service lua.answer
                """;
        Path cfg = write(tpl.formatted(lua, a));
        start(cfg);
        try (Socket busy = new Socket("127.0.0.1", a); Socket idle = new Socket("127.0.0.1", a)) {
            busy.setSoTimeout(5000);
            idle.setSoTimeout(5000);
            idle.getOutputStream().write("GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes());
            String first = readResponse(idle.getInputStream());
            assertTrue(first.startsWith("HTTP/1.1 200") && first.endsWith("answered"), first);
            Generation g1 = generations.current();
            busy.getOutputStream().write("GET /slow HTTP/1.1\r\nhost: x\r\n\r\n".getBytes());
            Await.until(() -> g1.requestsInFlight() == 1);

            write(tpl.formatted(lua, b));
            assertEquals("success", generations.reload().lastReload());
            assertEquals(-1, idle.getInputStream().read(), "the idle connection of the removed bind closes");
            String answer = readResponse(busy.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("answered"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
            assertEquals(-1, busy.getInputStream().read(), "closed after the response that said so");
        }
        assertTrue(tcpExchange(b, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").endsWith("answered"));
        Await.until(() -> refused(a));
    }

    /**
     * TCP streams go on across a reload, on a kept bind and on a removed one, with the
     * generation that accepted them, until that generation's drain time (2 s here) is over.
     */
    @Test
    void tcpStreams_goOnAcrossAReload_untilTheDrainTimeIsOver() throws Exception {
        int kept = freePort();
        int removed = freePort();
        int echo = freePort();
        String tpl = """
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend kept
                    bind 127.0.0.1:%d
                    default_backend be
                %s
                backend be
                    server s1 127.0.0.1:%d
                """;
        String second = "frontend removed\n    bind 127.0.0.1:" + removed + "\n    default_backend be\n";
        start(write(tpl.formatted(kept, second, echo)));
        try (io.luxy.support.EchoServer e = io.luxy.support.EchoServer.start(echo);
                Socket a = new Socket("127.0.0.1", kept); Socket b = new Socket("127.0.0.1", removed)) {
            var ra = new java.io.BufferedReader(new java.io.InputStreamReader(a.getInputStream()));
            var rb = new java.io.BufferedReader(new java.io.InputStreamReader(b.getInputStream()));
            a.setSoTimeout(5000);
            b.setSoTimeout(5000);
            for (var x : List.of(java.util.Map.entry(a, ra), java.util.Map.entry(b, rb))) {
                x.getKey().getOutputStream().write("one\n".getBytes());
                assertTrue(x.getValue().readLine().startsWith("echo-server"));
                assertEquals("one", x.getValue().readLine());
            }
            write(tpl.formatted(kept, "", echo));
            long t0 = System.nanoTime();
            assertEquals("success", generations.reload().lastReload());
            for (var x : List.of(java.util.Map.entry(a, ra), java.util.Map.entry(b, rb))) {
                x.getKey().getOutputStream().write("two\n".getBytes());
                assertEquals("two", x.getValue().readLine(), "a stream of the retiring generation");
            }
            Await.until(() -> refused(removed));
            assertTrue(tcpExchange(kept, "x\n").startsWith("echo-server"));
            assertEquals(null, ra.readLine(), "closed at the end of the drain");
            assertEquals(null, rb.readLine(), "closed at the end of the drain");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1500, "closed after " + ms + " ms, before the 2 s drain");
        }
    }

    /** Reads one response with a Content-Length body from {@code in}. */
    private static String readResponse(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head.toString();
            }
            head.append((char) c);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void retiredGeneration_stopsItsTasks_andClosesItsLuaSockets() throws Exception {
        java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> pings = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<String, java.util.concurrent.CompletableFuture<Void>> holdClosed = new java.util.concurrent.ConcurrentHashMap<>();
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!peer.isClosed()) {
                    try {
                        Socket c = peer.accept();
                        Thread.ofVirtual().start(() -> {
                            try (c; var in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream()))) {
                                String line = in.readLine();
                                if (line == null) {
                                    return;
                                }
                                if (line.startsWith("hold ")) {
                                    var closed = holdClosed.computeIfAbsent(line.substring(5), k -> new java.util.concurrent.CompletableFuture<>());
                                    while (in.readLine() != null) {
                                        // held open by the Lua task until its generation retires
                                    }
                                    closed.complete(null);
                                } else {
                                    pings.computeIfAbsent(line, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                                }
                            } catch (IOException e) {
                                // peer went away
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Path lua = tmp.resolve("tasks.lua");
            String script = """
                    core.register_task(function()
                      local s = core.tcp()
                      s:connect("127.0.0.1", %1$d)
                      s:send("hold %2$s\\n")
                      core.msleep(600000)
                    end)
                    core.register_task(function()
                      while true do
                        local s = core.tcp()
                        s:connect("127.0.0.1", %1$d)
                        s:send("%2$s\\n")
                        s:close()
                        core.msleep(20)
                      end
                    end)
                    """;
            Files.writeString(lua, script.formatted(peer.getLocalPort(), "g1"));
            int port = freePort();
            Path cfg = write("global\n    lua-load " + lua + "\ndefaults\n    mode tcp\n    timeout client 5s\n"
                    + "frontend fe\n    bind 127.0.0.1:" + port + "\n    tcp-request content reject\n");
            start(cfg);
            Await.until(() -> pings.containsKey("g1") && holdClosed.containsKey("g1"));

            Files.writeString(lua, script.formatted(peer.getLocalPort(), "g2"));
            assertEquals("success", generations.reload().lastReload());
            holdClosed.get("g1").get(30, java.util.concurrent.TimeUnit.SECONDS);
            Await.until(() -> pings.containsKey("g2") && pings.get("g2").get() > 5);
            int g1 = pings.get("g1").get();
            int g2 = pings.get("g2").get();
            Await.until(() -> pings.get("g2").get() > g2 + 20);
            assertTrue(pings.get("g1").get() <= g1 + 1, "the retired generation's task still runs");
            assertTrue(!holdClosed.get("g2").isDone(), "the new generation's socket stays open");
            peer.close();
            acceptor.join(5000);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

}

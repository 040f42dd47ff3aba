// Bounded TCP load generator for Luxy's benchmark (wrk cannot do raw TCP).
//
//   java src/bench/TcpLoad.java [--host 127.0.0.1] [--port 8002] [--connections 50]
//                               [--duration 10] [--warmup 0] [--expect "hello world\n"]
//                               [--timeout-ms 5000] [--send "GET / HTTP/1.0\r\n\r\n"]
//
// --warmup W first runs the same load for W seconds, unreported, in the same JVM (so the client's
// own JIT is warm too). Then N worker threads loop until the deadline: connect, write --send (if
// any: \r and \n are unescaped), read until EOF, close, count. A connection
// counts as an error when connect/read fails or times out, or when the bytes read differ from
// --expect (empty --expect: any payload is accepted). Latency runs from connect start to EOF.
// Prints one machine-readable line:
//   RESULT conns=<ok> secs=<elapsed> rate=<ok/s> p50_ms=<..> p99_ms=<..> errors=<n>
// Only single-file source launch is needed (JDK 11+); no dependencies.
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

public class TcpLoad {
    /** Bytes each exchange writes after connecting (--send); empty: write nothing. */
    static byte[] request = new byte[0];

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 8002;
        int connections = 50;
        double duration = 10;
        double warmup = 0;
        String expect = "hello world\n";
        int timeoutMs = 5000;
        String send = "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--host": host = v; i++; break;
                case "--port": port = Integer.parseInt(v); i++; break;
                case "--connections": connections = Integer.parseInt(v); i++; break;
                case "--duration": duration = Double.parseDouble(v.replaceAll("s$", "")); i++; break;
                case "--warmup": warmup = Double.parseDouble(v.replaceAll("s$", "")); i++; break;
                case "--expect": expect = v.replace("\\n", "\n").replace("\\r", "\r"); i++; break;
                case "--timeout-ms": timeoutMs = Integer.parseInt(v); i++; break;
                case "--send": send = v.replace("\\n", "\n").replace("\\r", "\r"); i++; break;
                default:
                    System.err.println("unknown argument: " + a);
                    System.exit(2);
            }
        }
        if (connections < 1 || duration <= 0 || duration > 3600 || warmup < 0 || warmup > 3600) {
            System.err.println("need --connections >= 1, 0 < --duration <= 3600, 0 <= --warmup <= 3600");
            System.exit(2);
        }
        final byte[] expected = expect.getBytes(StandardCharsets.ISO_8859_1);
        request = send.getBytes(StandardCharsets.ISO_8859_1);
        if (warmup > 0) {
            Worker[] w = phase(host, port, connections, warmup, timeoutMs, expected);
            int ok = 0, err = 0;
            for (Worker x : w) { ok += x.count; err += x.errors; }
            System.err.println(String.format(Locale.ROOT, "warm-up: %d connections, %d errors", ok, err));
        }
        final long start = System.nanoTime();
        final long deadline = start + (long) (duration * 1e9);
        Worker[] workers = phase(host, port, connections, duration, timeoutMs, expected, start, deadline);
        report(workers, start, deadline);
    }

    static Worker[] phase(String host, int port, int connections, double duration, int timeoutMs,
                          byte[] expected) throws InterruptedException {
        long start = System.nanoTime();
        return phase(host, port, connections, duration, timeoutMs, expected, start,
                     start + (long) (duration * 1e9));
    }

    static Worker[] phase(String fHost, int fPort, int connections, double duration, int fTimeout,
                          byte[] expected, long start, long deadline) throws InterruptedException {
        Worker[] workers = new Worker[connections];
        Thread[] threads = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            Worker w = new Worker(fHost, fPort, fTimeout, expected, deadline);
            workers[i] = w;
            threads[i] = new Thread(w, "tcpload-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        // Bounded join: a worker stuck past deadline + timeout is abandoned (daemon thread).
        long hardStop = deadline + (long) fTimeout * 1_000_000L * 2 + 1_000_000_000L;
        for (Thread t : threads) {
            long left = (hardStop - System.nanoTime()) / 1_000_000L;
            if (left > 0) t.join(left);
        }
        return workers;
    }

    static void report(Worker[] workers, long start, long deadline) {
        // Elapsed is measured to the deadline (work after it is not counted as throughput).
        double measured = (deadline - start) / 1e9;
        int ok = 0, errors = 0;
        for (Worker w : workers) { ok += w.count; errors += w.errors; }
        long[] all = new long[ok];
        int k = 0;
        for (Worker w : workers) { System.arraycopy(w.lat, 0, all, k, w.count); k += w.count; }
        Arrays.sort(all);
        double p50 = pct(all, 0.50), p99 = pct(all, 0.99);
        System.out.println(String.format(Locale.ROOT,
            "RESULT conns=%d secs=%.2f rate=%.2f p50_ms=%.3f p99_ms=%.3f errors=%d",
            ok, measured, ok / measured, p50, p99, errors));
        for (Worker w : workers) {
            if (!w.firstError.isEmpty()) {
                System.err.println("first error: " + w.firstError);
                break;
            }
        }
        System.exit(0);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        idx = Math.max(0, Math.min(sorted.length - 1, idx));
        return sorted[idx] / 1e6;
    }

    static final class Worker implements Runnable {
        final String host; final int port, timeoutMs; final byte[] expected; final long deadline;
        long[] lat = new long[4096];
        int count, errors;
        String firstError = "";

        Worker(String host, int port, int timeoutMs, byte[] expected, long deadline) {
            this.host = host; this.port = port; this.timeoutMs = timeoutMs;
            this.expected = expected; this.deadline = deadline;
        }

        public void run() {
            InetSocketAddress addr = new InetSocketAddress(host, port);
            byte[] buf = new byte[4096];
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                got.reset();
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(timeoutMs);
                    s.connect(addr, timeoutMs);
                    if (request.length > 0) s.getOutputStream().write(request);
                    InputStream in = s.getInputStream();
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        got.write(buf, 0, n);
                        if (got.size() > 1 << 20) throw new java.io.IOException("payload > 1 MiB");
                    }
                    if (expected.length > 0 && !Arrays.equals(got.toByteArray(), expected)) {
                        throw new java.io.IOException("unexpected payload: "
                            + new String(got.toByteArray(), StandardCharsets.ISO_8859_1)
                                .replace("\n", "\\n"));
                    }
                    long t1 = System.nanoTime();
                    if (t1 > deadline) break; // finished after the deadline: not counted
                    if (count == lat.length) lat = Arrays.copyOf(lat, lat.length * 2);
                    lat[count++] = t1 - t0;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) break;
                    errors++;
                    if (firstError.isEmpty()) firstError = e.toString();
                    // back off briefly so a dead port does not become a busy loop
                    try { Thread.sleep(10); } catch (InterruptedException ie) { return; }
                }
            }
        }
    }
}

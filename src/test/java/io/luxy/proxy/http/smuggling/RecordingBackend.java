package io.luxy.proxy.http.smuggling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain TCP server on loopback ports that records every byte each connection sends and answers
 * each complete HTTP/1 request (framed by Content-Length or chunked, just enough to find its end)
 * with {@link #RESPONSE}, then half-closes; it keeps reading until the peer closes (at most
 * {@link #CONNECTION_CAP_MS}), so bytes sent after the request are recorded too. Garbage is
 * recorded and never answered. One virtual thread per connection.
 */
public final class RecordingBackend implements AutoCloseable {

    /** The fixed answer: a 200 with a 2-byte body that closes the connection. */
    public static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(StandardCharsets.ISO_8859_1);

    /** Longest life of one recorded connection. */
    public static final long CONNECTION_CAP_MS = 5000;

    private final Map<Integer, ServerSocket> listeners = new ConcurrentHashMap<>();
    private final Map<Integer, List<Conn>> conns = new ConcurrentHashMap<>();

    /** One accepted connection: its bytes so far, and whether it has ended. */
    private static final class Conn {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile boolean ended;

        synchronized byte[] snapshot() {
            return bytes.toByteArray();
        }

        synchronized void add(byte[] b, int n) {
            bytes.write(b, 0, n);
        }
    }

    /** Listens on loopback {@code port} and records its connections. */
    public void listen(int port) throws IOException {
        ServerSocket ss = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        listeners.put(port, ss);
        List<Conn> list = new CopyOnWriteArrayList<>();
        conns.put(port, list);
        Thread.ofVirtual().name("recording-accept-" + port).start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Conn c = new Conn();
                    list.add(c);
                    Thread.ofVirtual().name("recording-" + port).start(() -> serve(s, c));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    /** The bytes received on each connection to {@code port}, in accept order. */
    public List<byte[]> connections(int port) {
        List<byte[]> out = new ArrayList<>();
        for (Conn c : conns.get(port)) {
            out.add(c.snapshot());
        }
        return out;
    }

    /** True when every connection accepted on {@code port} so far has ended. */
    public boolean idle(int port) {
        return conns.get(port).stream().allMatch(c -> c.ended);
    }

    private static void serve(Socket s, Conn c) {
        long deadline = System.nanoTime() + CONNECTION_CAP_MS * 1_000_000L;
        try (s) {
            s.setSoTimeout(100);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16384];
            int answeredUpTo = 0;
            boolean halfClosed = false;
            while (System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    break;
                }
                c.add(buf, n);
                if (!halfClosed) {
                    byte[] all = c.snapshot();
                    int end = Framing.requestEnd(all, answeredUpTo);
                    if (end > 0) {
                        answeredUpTo = end;
                        s.getOutputStream().write(RESPONSE);
                        s.getOutputStream().flush();
                        s.shutdownOutput();
                        halfClosed = true;
                    }
                }
            }
        } catch (SocketException e) {
            // reset by the proxy: what was read is recorded
        } catch (IOException e) {
            // same
        } finally {
            c.ended = true;
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket ss : listeners.values()) {
            ss.close();
        }
    }
}

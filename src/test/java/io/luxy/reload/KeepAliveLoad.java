package io.luxy.reload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous HTTP/1.1 keep-alive load from background threads: each client keeps one connection
 * and sends a GET on it every {@code pauseMillis}, reading each answer by its Content-Length. A
 * request is never retried. A response that says {@code Connection: close}, followed by the
 * close, is allowed (the client then opens a new connection, counted in {@link #connections});
 * anything else is a failure: the connection closed or reset with a request unanswered, a read
 * timeout, a status other than 200.
 */
final class KeepAliveLoad extends ClientLoad {

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: luxy\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final int port;
    private final long pauseMillis;
    /** Connections opened (one per client when none is closed under it). */
    final AtomicLong connections = new AtomicLong();
    /** Responses that said {@code Connection: close}. */
    final AtomicLong closeAnnounced = new AtomicLong();

    KeepAliveLoad(int port, int clients, long pauseMillis) {
        this.port = port;
        this.pauseMillis = pauseMillis;
        startClients(clients, "keepalive");
    }

    @Override
    void client() {
        Socket s = null;
        try {
            while (running()) {
                if (s == null) {
                    s = new Socket("127.0.0.1", port);
                    s.setSoTimeout(5000);
                    s.setTcpNoDelay(true);
                    connections.incrementAndGet();
                }
                if (!one(s)) {
                    s.close();
                    s = null;
                }
                Thread.sleep(pauseMillis); // the pace of the load, not a synchronisation
            }
        } catch (IOException e) {
            failures.add("connect: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }

    /** One request on {@code s}; returns whether the connection may be used again. */
    private boolean one(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(REQUEST);
            out.flush();
            InputStream in = s.getInputStream();
            String head = head(in);
            if (head == null) {
                failures.add("closed with the request unanswered");
                return false;
            }
            if (!head.startsWith("HTTP/1.1 200")) {
                failures.add(head.lines().findFirst().orElse(""));
                return false;
            }
            int length = -1;
            boolean close = false;
            for (String line : head.split("\r\n")) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                } else if (l.startsWith("connection:") && l.contains("close")) {
                    close = true;
                }
            }
            if (length < 0) {
                failures.add("no content-length: " + head);
                return false;
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                failures.add("body truncated");
                return false;
            }
            last = new String(body, StandardCharsets.ISO_8859_1);
            ok.incrementAndGet();
            if (close) {
                closeAnnounced.incrementAndGet();
                return false;
            }
            return true;
        } catch (IOException e) {
            failures.add(e.toString());
            return false;
        }
    }

    /** The response head up to the blank line, or null when the connection ended before its first byte. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new IOException("response head truncated: " + b);
            }
            b.write(c);
            if (c == '\n' && (state == 1 || state == 3)) {
                state++;
            } else {
                state = c == '\r' ? (state == 2 ? 3 : 1) : 0;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}

package io.luxy.proxy.http.smuggling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A raw HTTP/1 client: writes bytes in one go and reads what comes back until the proxy closes. */
public final class RawClient {

    private RawClient() {
    }

    /** What a client got: the bytes, and whether the proxy closed (or reset) the connection before the cap. */
    public record Reply(byte[] bytes, boolean closed) {

        /**
         * The version and status code of each response in {@link #bytes()} ({@code "HTTP/1.1 200"}),
         * in order, 1xx included; bytes that are not a response end the list with {@code "garbage"}.
         */
        public List<String> statuses() {
            return RawClient.statuses(bytes);
        }
    }

    /** Sends {@code request} to loopback {@code port} and reads until the proxy closes, at most {@code capMs}. */
    public static Reply exchange(int port, byte[] request, long capMs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean closed = false;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            s.setSoTimeout(100);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16384];
            long deadline = System.nanoTime() + capMs * 1_000_000L;
            while (System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (SocketException e) {
            closed = true; // reset after the data read so far
        }
        return new Reply(out.toByteArray(), closed);
    }

    /** Status lines (version and code) of the HTTP/1 responses in {@code b} (bodies framed by Content-Length, chunked or to the end). */
    static List<String> statuses(byte[] b) {
        List<String> out = new ArrayList<>();
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < s.length()) {
            int headEnd = s.indexOf("\r\n\r\n", pos);
            if (!s.startsWith("HTTP/1.", pos) || headEnd < 0 || s.length() < pos + 12) {
                out.add("garbage");
                break;
            }
            int status;
            try {
                status = Integer.parseInt(s.substring(pos + 9, pos + 12));
            } catch (NumberFormatException e) {
                out.add("garbage");
                break;
            }
            out.add(s.substring(pos, pos + 12));
            String head = s.substring(pos, headEnd).toLowerCase(Locale.ROOT);
            pos = headEnd + 4;
            if (status < 200 || status == 204 || status == 304) {
                continue;
            }
            int cl = head.indexOf("\ncontent-length:");
            if (head.contains("\ntransfer-encoding:")) {
                // chunked: skip to the last chunk's end
                int end = s.indexOf("\r\n0\r\n\r\n", pos - 2);
                pos = end < 0 ? s.length() : end + 7;
            } else if (cl >= 0) {
                int eol = head.indexOf('\r', cl + 1);
                int n = Integer.parseInt(head.substring(cl + 16, eol < 0 ? head.length() : eol).trim());
                pos = Math.min(s.length(), pos + n);
            } else {
                pos = s.length();
            }
        }
        return out;
    }
}

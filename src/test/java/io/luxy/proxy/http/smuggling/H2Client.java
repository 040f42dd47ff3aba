package io.luxy.proxy.http.smuggling;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * A raw HTTP/2 client (prior knowledge, cleartext) for malformed-frame cases: sends the preface,
 * an empty SETTINGS and the case's frames in one write, acknowledges the server's SETTINGS, and
 * records the frames the server sends until stream 1 ends, the server sends GOAWAY or closes.
 * Request header blocks are HPACK literals without indexing or Huffman (so anything can be
 * sent, uppercase names included); responses are decoded with Netty's HPACK decoder.
 */
public final class H2Client {

    private H2Client() {
    }

    /** Frame types. */
    public static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8,
            CONTINUATION = 9;
    /** Flags. */
    public static final int END_STREAM = 1, ACK = 1, END_HEADERS = 4;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static final Map<Long, String> ERRORS = Map.ofEntries(Map.entry(0L, "NO_ERROR"), Map.entry(1L, "PROTOCOL_ERROR"),
            Map.entry(2L, "INTERNAL_ERROR"), Map.entry(3L, "FLOW_CONTROL_ERROR"), Map.entry(5L, "STREAM_CLOSED"),
            Map.entry(6L, "FRAME_SIZE_ERROR"), Map.entry(7L, "REFUSED_STREAM"), Map.entry(8L, "CANCEL"),
            Map.entry(9L, "COMPRESSION_ERROR"), Map.entry(11L, "ENHANCE_YOUR_CALM"));

    /** One frame to send. */
    public record Frame(int type, int flags, int stream, byte[] payload) {
    }

    /** A HEADERS frame of {@code fields} (name, value, name, value…) as HPACK literals. */
    public static Frame headers(int stream, int flags, String... fields) {
        return new Frame(HEADERS, flags, stream, hpack(fields));
    }

    /** A DATA frame. */
    public static Frame data(int stream, int flags, String payload) {
        return new Frame(DATA, flags, stream, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** HPACK "literal header field without indexing, new name", no Huffman, for each pair of {@code fields}. */
    public static byte[] hpack(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            out.write(0);
            string(out, fields[i]);
            string(out, fields[i + 1]);
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(out, b.length, 7, 0);
        out.writeBytes(b);
    }

    private static void integer(ByteArrayOutputStream out, int v, int prefixBits, int mask) {
        int max = (1 << prefixBits) - 1;
        if (v < max) {
            out.write(mask | v);
            return;
        }
        out.write(mask | max);
        v -= max;
        while (v >= 128) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static void write(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[] {(byte) (n >>> 16), (byte) (n >>> 8), (byte) n, (byte) type, (byte) flags,
            (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(payload);
    }

    /**
     * Sends {@code frames} on a new connection to loopback {@code port}; returns one line per frame
     * received (SETTINGS, WINDOW_UPDATE and PING left out), then {@code closed} or {@code open}.
     */
    public static List<String> exchange(int port, List<Frame> frames, long capMs) throws IOException {
        List<String> events = new ArrayList<>();
        DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(PREFACE);
            write(first, SETTINGS, 0, 0, new byte[0]);
            for (Frame f : frames) {
                write(first, f.type(), f.flags(), f.stream(), f.payload());
            }
            OutputStream out = s.getOutputStream();
            out.write(first.toByteArray());
            out.flush();
            s.setSoTimeout((int) capMs);
            DataInputStream in = new DataInputStream(s.getInputStream());
            ByteArrayOutputStream block = null;
            int blockStream = 0;
            int blockFlags = 0;
            boolean done = false;
            while (!done) {
                byte[] h = new byte[9];
                in.readFully(h);
                int len = ((h[0] & 0xff) << 16) | ((h[1] & 0xff) << 8) | (h[2] & 0xff);
                int type = h[3] & 0xff;
                int flags = h[4] & 0xff;
                int stream = ((h[5] & 0x7f) << 24) | ((h[6] & 0xff) << 16) | ((h[7] & 0xff) << 8) | (h[8] & 0xff);
                byte[] p = new byte[len];
                in.readFully(p);
                switch (type) {
                    case SETTINGS -> {
                        if ((flags & ACK) == 0) {
                            write(out, SETTINGS, ACK, 0, new byte[0]);
                            out.flush();
                        }
                    }
                    case PING, WINDOW_UPDATE -> {
                    }
                    case HEADERS, CONTINUATION -> {
                        if (type == HEADERS) {
                            block = new ByteArrayOutputStream();
                            blockStream = stream;
                            blockFlags = flags;
                            int off = 0;
                            int end = len;
                            if ((flags & 0x8) != 0) { // PADDED
                                end -= p[0] & 0xff;
                                off = 1;
                            }
                            if ((flags & 0x20) != 0) { // PRIORITY
                                off += 5;
                            }
                            block.write(p, off, end - off);
                        } else if (block != null) {
                            block.writeBytes(p);
                        }
                        if ((flags & END_HEADERS) != 0 && block != null) {
                            events.add("HEADERS s=" + blockStream + " " + decode(decoder, blockStream, block.toByteArray())
                                    + ((blockFlags & END_STREAM) != 0 ? " END_STREAM" : ""));
                            done = blockStream == 1 && (blockFlags & END_STREAM) != 0;
                            block = null;
                        }
                    }
                    case DATA -> {
                        events.add("DATA s=" + stream + " " + Escapes.escape(p) + ((flags & END_STREAM) != 0 ? " END_STREAM" : ""));
                        done = stream == 1 && (flags & END_STREAM) != 0;
                    }
                    case RST_STREAM -> {
                        events.add("RST_STREAM s=" + stream + " " + error(p, 0));
                        done = stream == 1;
                    }
                    case GOAWAY -> {
                        int last = ((p[0] & 0x7f) << 24) | ((p[1] & 0xff) << 16) | ((p[2] & 0xff) << 8) | (p[3] & 0xff);
                        events.add("GOAWAY last=" + last + " " + error(p, 4));
                        done = true;
                    }
                    default -> events.add("FRAME type=" + type + " s=" + stream);
                }
            }
            events.add("open");
        } catch (EOFException | SocketException e) {
            events.add("closed");
        } catch (SocketTimeoutException e) {
            events.add("timeout");
        }
        return events;
    }

    private static String error(byte[] p, int off) {
        long code = ((p[off] & 0xffL) << 24) | ((p[off + 1] & 0xffL) << 16) | ((p[off + 2] & 0xffL) << 8) | (p[off + 3] & 0xffL);
        return ERRORS.getOrDefault(code, "0x" + Long.toHexString(code));
    }

    private static String decode(DefaultHttp2HeadersDecoder decoder, int stream, byte[] block) {
        try {
            Http2Headers hs = decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(block));
            StringBuilder sb = new StringBuilder();
            hs.forEach(e -> sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue()));
            return "[" + sb + "]";
        } catch (Http2Exception e) {
            return "[undecodable: " + e.getMessage() + "]";
        }
    }

    /** The response status of stream 1 in {@code events}, or the RST_STREAM/GOAWAY error that ended it, or how the connection ended. */
    public static String outcome(List<String> events) {
        for (String e : events) {
            if (e.startsWith("HEADERS s=1 ")) {
                int i = e.indexOf(":status: ");
                if (i >= 0) {
                    return "status " + e.substring(i + 9, i + 12);
                }
            } else if (e.startsWith("RST_STREAM s=1 ")) {
                return "RST_STREAM " + e.substring("RST_STREAM s=1 ".length());
            } else if (e.startsWith("GOAWAY ")) {
                return "GOAWAY " + e.substring(e.indexOf(' ', 7) + 1);
            }
        }
        return events.get(events.size() - 1);
    }
}

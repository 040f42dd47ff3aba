package io.luxy.proxy.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.luxy.proxy.Frontend;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * HAProxy 2.6's HTTP/1 request parsing applied to the raw bytes of a client connection, before
 * Netty's decoder sees them: each request head is judged by {@link H1RequestHead}, the body is
 * followed by its framing (Content-Length, or chunk sizes, extensions, CRLFs and trailers as
 * src/h1.h {@code h1_parse_chunk_size} and {@code h1_measure_trailers} read them), and a request
 * HAProxy refuses never reaches the decoder, nor does any byte after it: the client gets HAProxy's
 * page (400, 413 or 422, after the answers to the requests before it) and the connection closes.
 * What HAProxy forwards normalised (folded or bare-LF heads, duplicate lengths, both framings,
 * chunk extensions) is forwarded as HAProxy writes it.
 * <p>
 * After an upgrade request without body, or CONNECT, the next bytes are held until the answer is
 * known: a switch of protocol (Vert.x removed its decoder) makes them tunnel data, any other answer
 * makes them the next request. One instance per HTTP/1 connection, on its event loop only.
 */
public final class H1RequestGate extends ChannelInboundHandlerAdapter {

    private enum Mode { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, HOLD, TUNNEL, REJECTED }

    /** Longest chunk-size line or trailer block accepted before it ends (HAProxy needs it in one buffer). */
    private final int maxLine;
    private final Frontend frontend;
    private final H1Limits limits;
    private final H1RequestHead head;
    private final Watcher watcher = new Watcher();
    private final HeadScan headScan = new HeadScan();
    private final long acceptDate = System.currentTimeMillis();
    private ChannelHandlerContext ctx;
    private Mode mode = Mode.HEAD;
    private long remaining;
    /** Bytes received but not yet judged (an incomplete head, chunk line or trailer block, or held after an upgrade). */
    private ByteBuf pending;
    private byte[] scratch = new byte[1024];
    private int requests;
    private int finalStarted;
    private int finalEnded;
    private boolean interim;
    private int deferredStatus;
    /** {@link #requests} before the message whose head was read in the current buffer. */
    private int requestsAtMark;

    private H1RequestGate(Frontend frontend, H1Limits limits) {
        this.frontend = frontend;
        this.limits = limits;
        this.maxLine = limits.bufsize();
        this.head = new H1RequestHead(limits, frontend.options().acceptInvalidHttpRequest());
    }

    /**
     * Puts a gate on HTTP/1 connection {@code ch} (its pipeline has Vert.x's {@code httpDecoder}
     * and {@code handler}), before any request byte was decoded.
     */
    public static void install(Channel ch, Frontend frontend, H1Limits limits) {
        H1RequestGate g = new H1RequestGate(frontend, limits);
        ch.pipeline().addBefore("httpDecoder", "luxyH1Gate", g);
        ch.pipeline().addBefore("handler", "luxyH1Answers", g.watcher);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    private void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || mode == Mode.TUNNEL) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (mode == Mode.REJECTED) {
            in.release();
            return;
        }
        ByteBuf buf = in;
        if (pending != null) {
            pending.writeBytes(in);
            in.release();
            buf = pending;
            pending = null;
        }
        if (mode == Mode.HOLD) {
            keep(buf, buf.readerIndex());
            return;
        }
        process(buf);
    }

    /** Judges the bytes of {@code buf} (released here) and passes on what HAProxy would forward. */
    private void process(ByteBuf buf) {
        int pos = buf.readerIndex();
        int end = buf.writerIndex();
        List<ByteBuf> out = new ArrayList<>(2);
        int copyFrom = pos;
        int msgMark = -1; // out's size where the current message starts, when its head is in this buffer
        loop:
        while (pos < end) {
            switch (mode) {
                case HEAD -> {
                    int he = headEnd(buf, pos, end);
                    if (he < 0) {
                        headScan.save(end - pos); // a head sent in small pieces is scanned once, not again per piece
                        if (end - pos > limits.bufsize()) {
                            slice(out, buf, copyFrom, pos);
                            requestsAtMark = requests;
                            fail(out, out.size(), buf, 400);
                            return;
                        }
                        break loop;
                    }
                    headScan.save(0);
                    slice(out, buf, copyFrom, pos);
                    msgMark = out.size();
                    requestsAtMark = requests;
                    int n = he - pos;
                    if (n > limits.bufsize()) {
                        fail(out, msgMark, buf, 400);
                        return;
                    }
                    if (scratch.length < n) {
                        scratch = new byte[Math.max(n, scratch.length * 2)];
                    }
                    buf.getBytes(pos, scratch, 0, n);
                    int status = head.parse(scratch, n);
                    if (status != 0) {
                        fail(out, msgMark, buf, status);
                        return;
                    }
                    requests++;
                    if (head.rewritten != null) {
                        out.add(Unpooled.wrappedBuffer(head.rewritten));
                        copyFrom = he;
                    } else {
                        copyFrom = pos + head.start; // empty lines before the request line are dropped
                    }
                    pos = he;
                    if (head.chunked) {
                        mode = Mode.CHUNK_SIZE;
                    } else if (head.contentLength > 0) {
                        mode = Mode.LENGTH;
                        remaining = head.contentLength;
                    } else {
                        messageEnd();
                    }
                }
                case LENGTH, CHUNK_DATA -> {
                    int k = (int) Math.min(remaining, end - pos);
                    pos += k;
                    remaining -= k;
                    if (remaining == 0) {
                        if (mode == Mode.LENGTH) {
                            messageEnd();
                        } else {
                            mode = Mode.CHUNK_END;
                        }
                    }
                }
                case CHUNK_END -> {
                    byte b = buf.getByte(pos);
                    if (b == '\r' && pos + 1 >= end) {
                        break loop;
                    }
                    if (b == '\n' || (b == '\r' && buf.getByte(pos + 1) == '\n')) {
                        int next = b == '\n' ? pos + 1 : pos + 2;
                        if (b == '\n') { // bare LF: forwarded as CRLF
                            slice(out, buf, copyFrom, pos);
                            out.add(Unpooled.wrappedBuffer(CRLF));
                            copyFrom = next;
                        }
                        pos = next;
                        mode = Mode.CHUNK_SIZE;
                    } else {
                        fail(out, msgMark, buf, 400);
                        return;
                    }
                }
                case CHUNK_SIZE -> {
                    int lineEnd = lf(buf, pos, end);
                    if (lineEnd < 0) {
                        if (end - pos > maxLine) {
                            fail(out, msgMark, buf, 400);
                            return;
                        }
                        break loop;
                    }
                    long size = chunkSize(buf, pos, lineEnd);
                    if (size < 0) {
                        fail(out, msgMark, buf, 400);
                        return;
                    }
                    if (!canonicalChunkLine(buf, pos, lineEnd)) {
                        slice(out, buf, copyFrom, pos);
                        out.add(Unpooled.wrappedBuffer((Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                        copyFrom = lineEnd + 1;
                    }
                    pos = lineEnd + 1;
                    remaining = size;
                    mode = size == 0 ? Mode.TRAILERS : Mode.CHUNK_DATA;
                }
                case TRAILERS -> {
                    int te = trailersEnd(buf, pos, end);
                    if (te == -1) {
                        if (end - pos > maxLine) {
                            fail(out, msgMark, buf, 400);
                            return;
                        }
                        break loop;
                    }
                    if (te == -2) {
                        fail(out, msgMark, buf, 400);
                        return;
                    }
                    if (te < 0) { // valid, with bare LFs: forwarded with CRLFs
                        te = -te - 3;
                        slice(out, buf, copyFrom, pos);
                        String t = buf.toString(pos, te - pos, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
                        out.add(Unpooled.wrappedBuffer(t.getBytes(StandardCharsets.ISO_8859_1)));
                        copyFrom = te;
                    }
                    pos = te;
                    messageEnd();
                }
                case HOLD, TUNNEL, REJECTED -> {
                    break loop;
                }
            }
        }
        slice(out, buf, copyFrom, pos);
        if (pos < end) {
            keep(buf, pos);
        } else {
            buf.release();
        }
        for (ByteBuf b : out) {
            ctx.fireChannelRead(b);
        }
        if (mode == Mode.HOLD && pending == null && finalEnded >= requests) {
            ctx.executor().execute(this::resume);
        }
    }

    /** True when bytes of a next request arrived but its head is not complete yet (it is under {@code timeout http-request}). */
    boolean hasPartialRequest() {
        return mode == Mode.HEAD && pending != null && pending.isReadable();
    }

    /** The request in progress is complete: next comes a request, or the answer to an upgrade. */
    private void messageEnd() {
        mode = head.hold ? Mode.HOLD : Mode.HEAD;
    }

    /**
     * Refuses the message that starts at {@code out[mark]} (or began in an earlier read when
     * {@code mark} is -1): what came before it is passed on, the rest dropped, and HAProxy's
     * page sent once the answers before it are complete.
     */
    private void fail(List<ByteBuf> out, int mark, ByteBuf buf, int status) {
        int keep = mark < 0 ? 0 : mark;
        if (mark >= 0) {
            requests = requestsAtMark; // the refused message was never passed on
        }
        for (int i = 0; i < out.size(); i++) {
            if (i < keep) {
                ctx.fireChannelRead(out.get(i));
            } else {
                out.get(i).release();
            }
        }
        buf.release();
        release();
        mode = Mode.REJECTED;
        ctx.channel().config().setAutoRead(false);
        ParserErrors.log(frontend, ctx.channel(), acceptDate, status);
        if (mark < 0) {
            // the head was passed on in an earlier read: the request is aborted where it stands
            if (finalStarted < requests) {
                send(status);
            } else {
                ctx.close();
            }
        } else if (finalEnded < requests) {
            deferredStatus = status; // sent after the answers to the requests before it
        } else {
            send(status);
        }
    }

    private void send(int status) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ErrorPages.rawParserError(status, frontend.errors())))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** A final answer ended: a deferred refusal is sent, a held upgrade resolved. */
    private void answered() {
        if (finalEnded < requests) {
            return;
        }
        if (mode == Mode.REJECTED && deferredStatus != 0) {
            int s = deferredStatus;
            deferredStatus = 0;
            send(s);
        } else if (mode == Mode.HOLD) {
            ctx.executor().execute(this::resume); // after Vert.x has rearranged its pipeline
        }
    }

    /** Ends a hold: tunnel data when Vert.x switched protocols, else the next request. */
    private void resume() {
        if (mode != Mode.HOLD || finalEnded < requests || !ctx.channel().isActive()) {
            return;
        }
        ByteBuf held = pending;
        pending = null;
        if (ctx.pipeline().get("httpDecoder") == null) {
            mode = Mode.TUNNEL;
            if (held != null) {
                ctx.fireChannelRead(held);
            }
        } else {
            mode = Mode.HEAD;
            if (held != null) {
                process(held);
            }
        }
    }

    private void keep(ByteBuf buf, int from) {
        ByteBuf k = ctx.alloc().heapBuffer(Math.max(256, buf.writerIndex() - from));
        k.writeBytes(buf, from, buf.writerIndex() - from);
        buf.release();
        pending = k;
    }

    private static void slice(List<ByteBuf> out, ByteBuf buf, int from, int to) {
        if (to > from) {
            out.add(buf.retainedSlice(from, to - from));
        }
    }

    /**
     * The index after the LF of the empty line ending a head that starts at {@code from}, or -1;
     * resumes where the scan of the same incomplete head stopped in an earlier read.
     */
    private int headEnd(ByteBuf buf, int from, int to) {
        HeadScan s = headScan;
        boolean lineStart = s.scanned == 0 || s.lineStart;
        boolean content = s.scanned > 0 && s.content; // a non-empty line was seen (empty lines before the request line are skipped)
        for (int i = from + s.scanned; i < to; i++) {
            byte b = buf.getByte(i);
            if (b == '\n') {
                if (lineStart && content) {
                    return i + 1;
                }
                lineStart = true;
            } else if (b == '\r' && lineStart) {
                // part of an empty line's CRLF: still at the line's start
            } else {
                lineStart = false;
                content = true;
            }
        }
        s.lineStart = lineStart;
        s.content = content;
        return -1;
    }

    /** Where the scan for the end of an incomplete head stopped: bytes scanned from its start, and the scanner's state. */
    private static final class HeadScan {
        int scanned;
        boolean lineStart;
        boolean content;

        void save(int bytes) {
            scanned = bytes;
        }
    }

    private static int lf(ByteBuf buf, int from, int to) {
        int i = buf.indexOf(from, to, (byte) '\n');
        return i;
    }

    /**
     * A chunk-size line {@code [from, lf]}: 1 to 13 hex digits, blanks, an optional extension, CRLF or
     * LF (src/h1.h h1_parse_chunk_size); the size, or -1 when HAProxy refuses the line.
     */
    static long chunkSize(ByteBuf buf, int from, int lf) {
        long size = 0;
        int i = from;
        while (i < lf) {
            int d = Character.digit(buf.getByte(i), 16);
            if (d < 0) {
                break;
            }
            size = (size << 4) + d;
            if ((size & 0xF0000000000000L) != 0) {
                return -1;
            }
            i++;
        }
        if (i == from) {
            return -1;
        }
        while (i < lf && H1Chars.isSpHt(buf.getByte(i))) {
            i++;
        }
        int end = lf > from && buf.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (i < end && buf.getByte(i) != ';') {
            return -1;
        }
        for (int k = i; k < end; k++) {
            if (buf.getByte(k) == '\r') {
                return -1;
            }
        }
        return i > end ? -1 : size;
    }

    private static boolean canonicalChunkLine(ByteBuf buf, int from, int lf) {
        if (lf == from || buf.getByte(lf - 1) != '\r') {
            return false;
        }
        for (int i = from; i < lf - 1; i++) {
            if (Character.digit(buf.getByte(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The end of the trailer block at {@code from} (after its empty line): the index when every
     * line ends with CRLF, {@code -(index + 3)} when some end with a bare LF, -1 when incomplete,
     * -2 when a line is not a valid header field.
     */
    static int trailersEnd(ByteBuf buf, int from, int to) {
        boolean bareLf = false;
        int p = from;
        while (true) {
            int lf = buf.indexOf(p, to, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            boolean cr = lf > p && buf.getByte(lf - 1) == '\r';
            int end = cr ? lf - 1 : lf;
            bareLf |= !cr;
            if (end == p) {
                return bareLf ? -(lf + 1) - 3 : lf + 1;
            }
            int c = p;
            while (c < end && buf.getByte(c) != ':') {
                if (!H1Chars.isToken(buf.getByte(c))) {
                    return -2;
                }
                c++;
            }
            if (c == p || c == end) {
                return -2;
            }
            for (int k = c; k < end; k++) {
                if (buf.getByte(k) == '\r') {
                    return -2;
                }
            }
            p = lf + 1;
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    /** Counts the answers written on the connection (after Vert.x's encoder would see them as objects). */
    private final class Watcher extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
            boolean ends = false;
            if (msg instanceof HttpResponse r) {
                int code = r.status().code();
                if (code < 200 && code != 101) {
                    interim = true;
                } else {
                    finalStarted++;
                    ends = code == 101 && !(msg instanceof LastHttpContent);
                }
            }
            if (msg instanceof LastHttpContent) {
                if (interim) {
                    interim = false;
                } else {
                    ends = true;
                }
            }
            c.write(msg, promise);
            if (ends) {
                finalEnded++;
                answered();
            }
        }
    }
}

package io.luxy.lua.api;

import java.util.List;
import java.util.Map;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.vertx.core.buffer.Buffer;

/**
 * HAProxy doc/lua-api "Channel class" ({@code txn.req}, {@code txn.res}), HAProxy 2.6 API: the
 * incoming data of a TCP stream's request are the bytes not yet forwarded to the server
 * ({@link StreamInput}); what Lua changes there is what the server receives. Functions that may
 * wait ({@code data}/{@code line} with a length beyond what arrived, {@code getline},
 * {@code forward}) wait only in actions, at most {@link #WAIT_MS} (Luxy's stand-in for
 * {@code tcp-request inspect-delay}), then work on what arrived, as HAProxy's final evaluation does.
 * In HTTP streams only {@code input}, {@code output}, {@code may_recv}, {@code is_full} and
 * {@code is_resp} are allowed; the others raise "Cannot manipulate HAProxy channels in HTTP mode."
 * (checked on 2.6.12). A channel with no buffer behind it (the response channel during
 * {@code tcp-request content}) is empty: reads give nil.
 */
public final class Channel {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Channel";

    /** Longest wait for more data in an action (ms). */
    public static final long WAIT_MS = 5000;

    /** HAProxy's {@code tune.bufsize} minus {@code tune.maxrewrite}: the incoming data a channel holds. */
    static final int BUFFER_SIZE = 16384 - 1024;

    private static final String HTTP_MODE = "Cannot manipulate HAProxy channels in HTTP mode.";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("data", a -> self(a, "data").data(a, false));
        b.method("line", a -> self(a, "line").data(a, true));
        b.method("set", a -> self(a, "set").set(a));
        b.method("remove", a -> self(a, "remove").remove(a));
        b.method("append", a -> self(a, "append").insert(a, "append", true));
        b.method("prepend", a -> self(a, "prepend").insert(a, "prepend", false));
        b.method("insert", a -> self(a, "insert").insert(a, "insert", false));
        b.method("send", a -> self(a, "send").send(a));
        b.method("forward", a -> self(a, "forward").forward(a));
        b.method("input", a -> LuaValue.valueOf(self(a, "input").inputLength()));
        b.method("output", a -> LuaValue.valueOf(self(a, "output").outputLength()));
        b.method("get_in_len", a -> LuaValue.valueOf(self(a, "get_in_len").inputLength()));
        b.method("get_out_len", a -> LuaValue.valueOf(self(a, "get_out_len").outputLength()));
        b.method("is_full", a -> LuaValue.valueOf(self(a, "is_full").inputLength() >= BUFFER_SIZE));
        b.method("is_resp", a -> LuaValue.valueOf(self(a, "is_resp").response));
        b.method("may_recv", a -> self(a, "may_recv").mayRecv());
        b.method("dup", a -> self(a, "dup").dup(false));
        b.method("get", a -> self(a, "get").dup(true));
        b.method("getline", a -> self(a, "getline").getline());
        META = b.build();
    }

    private final StreamInput in;
    private final boolean response;
    private final TxnContext http;

    private Channel(StreamInput in, boolean response, TxnContext http) {
        this.in = in;
        this.response = response;
        this.http = http;
    }

    /**
     * The channel object over {@code in} (null: empty channel); {@code http} is the stream when
     * it is an HTTP one (the buffer cannot be changed then).
     */
    static LuaTable create(StreamInput in, boolean response, TxnContext http) {
        return LuaObject.wrap(new Channel(in, response, http), META);
    }

    private static Channel self(Varargs a, String fn) {
        return LuaObject.check(a, 1, Channel.class, fn);
    }

    private StreamInput buffer() {
        if (http != null) {
            throw new LuaError(HTTP_MODE);
        }
        return in;
    }

    private int inputLength() {
        if (http != null) {
            return headLength(response ? http.responseHeaders() : http.requestHeaders());
        }
        return in == null ? 0 : in.inputLength();
    }

    /** HTTP streams: the size of the message head, an estimate of what HAProxy counts. */
    private int headLength(List<Map.Entry<String, String>> headers) {
        int n = response ? 17 : http.method().length() + http.uri().length() + 12;
        for (Map.Entry<String, String> h : headers) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n + 2;
    }

    private int outputLength() {
        return http != null || in == null ? 0 : in.outputLength();
    }

    private LuaValue mayRecv() {
        if (http != null || in == null) {
            return LuaValue.TRUE;
        }
        return LuaValue.valueOf(!in.ended() && in.inputLength() < BUFFER_SIZE);
    }

    /** How long a call may wait for data here: only actions wait (-1: never). */
    private static long waitMs() {
        Invocation inv = Invocation.current();
        return inv != null && inv.context() == ExecContext.ACTION ? WAIT_MS : -1;
    }

    /** An offset argument: default 0, negative counts from the end (clamped at 0), beyond the end is an error. */
    private static int offset(Varargs a, int n, int input) {
        if (a.arg(n).isnil()) {
            return 0;
        }
        long off = LuaObject.checkInteger(a, n, "offset");
        if (off < 0) {
            off = Math.max(0, input + off);
        }
        if (off > input) {
            throw new LuaError("offset out of range.");
        }
        return (int) off;
    }

    /** data([off [, len]]) and line([off [, len]]): copies, waiting for more when len asks for it. */
    private Varargs data(Varargs a, boolean line) {
        StreamInput b = buffer();
        if (b == null) {
            return LuaValue.NONE; // HAProxy 2.6.12 returns no value here
        }
        int input = b.inputLength();
        int off;
        if (a.arg(2).isnil()) {
            off = 0;
        } else {
            long o = LuaObject.checkInteger(a, 2, line ? "line" : "data");
            off = (int) (o < 0 ? Math.max(0, input + o) : o);
        }
        long len = a.arg(3).isnil() ? Long.MIN_VALUE : LuaObject.checkInteger(a, 3, line ? "line" : "data");
        long want = len == -1 ? BUFFER_SIZE : len == Long.MIN_VALUE ? -1 : off + len;
        long wait = waitMs();
        int from = off;
        if (want < 0) {
            if (input <= off) { // nothing to look at yet: wait for the first bytes
                b.await(n -> n > from, wait);
            }
        } else if (line) {
            b.await(n -> n >= want || b.indexOfLine(from) >= 0, wait);
        } else if (want > input) {
            b.await(n -> n >= want, wait);
        }
        input = b.inputLength();
        if (input == 0 && b.ended()) {
            return LuaValue.NIL;
        }
        int end = want < 0 ? input : (int) Math.min(input, want);
        if (off > end) {
            return LuaValue.EMPTYSTRING;
        }
        if (line) {
            int nl = b.indexOfLine(off);
            if (nl >= 0 && nl < end) {
                end = nl + 1;
            }
        }
        return LuaStrings.of(b.peek(off, end - off));
    }

    /** set(str [, off [, len]]): replaces incoming bytes; returns #str, or -1 when it would not fit. */
    private Varargs set(Varargs a) {
        StreamInput b = buffer();
        LuaObject.checkString(a, 2, "set");
        Buffer data = LuaStrings.buffer(a.arg(2).tostring());
        if (b == null) {
            return LuaValue.MINUSONE;
        }
        int input = b.inputLength();
        int off = offset(a, 3, input);
        int len = input - off;
        if (!a.arg(4).isnil()) {
            long l = LuaObject.checkInteger(a, 4, "set");
            if (l == -1) {
                l = input - off;
            }
            if (l < 0 || off + l > input) {
                throw new LuaError("length out of range.");
            }
            len = (int) l;
        }
        if (input - len + data.length() > BUFFER_SIZE) {
            return LuaValue.MINUSONE;
        }
        b.replace(off, len, data);
        return LuaValue.valueOf(data.length());
    }

    /** remove([off [, len]]): deletes incoming bytes; returns how many. */
    private Varargs remove(Varargs a) {
        StreamInput b = buffer();
        if (b == null) {
            return LuaValue.ZERO;
        }
        int input = b.inputLength();
        int off = offset(a, 2, input);
        int len = input - off;
        if (!a.arg(3).isnil()) {
            long l = LuaObject.checkInteger(a, 3, "remove");
            if (l == -1) {
                l = input - off;
            }
            if (l < 0 || off + l > input) {
                throw new LuaError("length out of range.");
            }
            len = (int) l;
        }
        b.replace(off, len, Buffer.buffer());
        return LuaValue.valueOf(len);
    }

    /** append(str), prepend(str), insert(str [, off]): copies str into incoming data; returns #str or -1. */
    private Varargs insert(Varargs a, String fn, boolean atEnd) {
        StreamInput b = buffer();
        LuaObject.checkString(a, 2, fn);
        Buffer data = LuaStrings.buffer(a.arg(2).tostring());
        if (b == null) {
            return LuaValue.MINUSONE;
        }
        int input = b.inputLength();
        int off = atEnd ? input : fn.equals("insert") ? offset(a, 3, input) : 0;
        if (input + data.length() > BUFFER_SIZE) {
            return LuaValue.MINUSONE;
        }
        b.replace(off, 0, data);
        return LuaValue.valueOf(data.length());
    }

    /** send(str): the string goes out at once, ahead of the incoming data; returns #str. */
    private Varargs send(Varargs a) {
        StreamInput b = buffer();
        LuaObject.checkString(a, 2, "send");
        Buffer data = LuaStrings.buffer(a.arg(2).tostring());
        if (b == null) {
            return LuaValue.MINUSONE;
        }
        b.emit(data);
        return LuaValue.valueOf(data.length());
    }

    /** forward(n): moves n incoming bytes to the outgoing part, waiting for them in actions; returns the count. */
    private Varargs forward(Varargs a) {
        StreamInput b = buffer();
        long n = LuaObject.checkInteger(a, 2, "forward");
        if (b == null || n <= 0) {
            return LuaValue.ZERO;
        }
        long wait = waitMs();
        long deadline = System.nanoTime() + wait * 1_000_000L;
        int done = b.forward((int) Math.min(Integer.MAX_VALUE, n));
        while (done < n && wait >= 0 && !b.ended()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            b.await(k -> k > 0, left);
            int k = b.forward((int) Math.min(Integer.MAX_VALUE, n - done));
            if (k == 0 && b.inputLength() == 0 && b.ended()) {
                break;
            }
            done += k;
        }
        return LuaValue.valueOf(done);
    }

    /** dup() / get(): all incoming data (get removes them), waiting for some in actions; nil when closed and empty. */
    private Varargs dup(boolean remove) {
        StreamInput b = buffer();
        if (b == null) {
            return LuaValue.NIL;
        }
        b.await(n -> n > 0, waitMs());
        int input = b.inputLength();
        if (input == 0 && b.ended()) {
            return LuaValue.NIL;
        }
        Buffer data = b.peek(0, input);
        if (remove) {
            b.replace(0, input, Buffer.buffer());
        }
        return LuaStrings.of(data);
    }

    /** getline(): the first line with its '\n', removed; waits for it in actions; nil when closed and empty. */
    private Varargs getline() {
        StreamInput b = buffer();
        if (b == null) {
            return LuaValue.NIL;
        }
        b.awaitLine(0, waitMs());
        int input = b.inputLength();
        if (input == 0 && b.ended()) {
            return LuaValue.NIL;
        }
        int nl = b.indexOfLine(0);
        int end = nl >= 0 ? nl + 1 : input;
        Buffer data = b.peek(0, end);
        b.replace(0, end, Buffer.buffer());
        return LuaStrings.of(data);
    }
}

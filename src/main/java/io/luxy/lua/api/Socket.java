package io.luxy.lua.api;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.lua.engine.WaitReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

/**
 * HAProxy doc/lua-api "Socket class" ({@code core.tcp()}): a client connection to
 * {@code ip:port} (TCP, or TLS with {@code connect_ssl}, through Vert.x: {@link NetSocketTransport})
 * or {@code unix@/path} (a unix socket through the JDK: {@link UnixTransport}, e.g. HAProxy's own
 * stats socket, as lua-haproxy does); the calling invocation waits (its state's lock released)
 * until the operation completes or its timeout passes. The rules below are the same for both. Default connect timeout 5 s, no I/O timeout until
 * {@code settimeout}. Results are HAProxy 2.6.12's, which differ from LuaSocket's (the doc's
 * reference), as measured by case {@code socket_receive_rules}:
 * <ul>
 * <li>{@code send(data [, i [, j]])} returns the number of bytes sent ({@code j - i + 1}), also
 * once the peer has closed, and -1 on a socket closed here (by {@code close()} or a timeout);</li>
 * <li>{@code receive(pattern [, prefix])}: {@code "*l"} (default, line without CR/LF, "" for an
 * empty one),
 * {@code "*a"} (until the peer closes) or a byte count that includes the prefix's length
 * ({@code receive(3, "P-")} reads one byte; a prefix longer than the count reads to the close);
 * at the end of the stream {@code nil, "connection closed."};</li>
 * <li>a receive timeout closes the socket and returns what was consumed (the prefix, the bytes
 * of a count or {@code "*a"}; never a partial line), or {@code nil, "connection closed."};</li>
 * <li>{@code close()} returns nothing;</li>
 * <li>{@code getpeername()}/{@code getsockname()} give "ip:port", or "unix" on a unix socket.</li>
 * </ul>
 */
public final class Socket implements io.luxy.lua.engine.LuaScope.Resource {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Socket";

    private static final long DEFAULT_CONNECT_TIMEOUT_MS = 5000;
    private static final String UNIX_PREFIX = "unix@";

    private static final LuaTable META = new LuaClassBuilder(LUA_CLASS)
            .method("close", a -> self(a, "close").close())
            .method("connect", a -> self(a, "connect").connect(a, false))
            .method("connect_ssl", a -> self(a, "connect_ssl").connect(a, true))
            .method("getpeername", a -> self(a, "getpeername").name(true))
            .method("getsockname", a -> self(a, "getsockname").name(false))
            .method("receive", a -> self(a, "receive").receive(a))
            .method("send", a -> self(a, "send").send(a))
            .method("settimeout", a -> self(a, "settimeout").settimeout(a))
            .method("setoption", a -> LuaValue.NONE)
            .build();

    private final LuaHost host;
    private SocketTransport transport;
    private StreamInput input;
    private long timeoutMs;

    private Socket(LuaHost host) {
        this.host = host;
    }

    static Varargs create(LuaHost host) {
        if (host.vertx() == null) {
            throw new LuaError("core.tcp() is not available here");
        }
        return LuaObject.wrap(new Socket(host), META);
    }

    private static Socket self(Varargs a, String fn) {
        return LuaObject.check(a, 1, Socket.class, fn);
    }

    private Varargs connect(Varargs a, boolean tls) {
        String addr = LuaObject.checkString(a, 2, "connect");
        CompletableFuture<SocketTransport> f;
        if (addr.startsWith(UNIX_PREFIX)) {
            if (tls) {
                return cantConnect(); // no TLS over unix sockets here (documented difference)
            }
            f = UnixTransport.connect(Path.of(addr.substring(UNIX_PREFIX.length())));
        } else {
            SocketAddress target = parseAddress(addr, a.arg(3));
            if (target == null) {
                return cantConnect();
            }
            f = NetSocketTransport.connect(host, target, tls);
        }
        long limit = timeoutMs > 0 ? timeoutMs : DEFAULT_CONNECT_TIMEOUT_MS;
        try {
            SocketTransport t = Invocation.current() != null ? Invocation.current().await(WaitReason.SOCKET_CONNECT, f, limit) : f.get();
            if (t == null) {
                f.thenAccept(SocketTransport::close);
                return cantConnect();
            }
            transport = t;
            input = t.input();
            return LuaValue.ONE;
        } catch (io.luxy.lua.engine.YieldNotAllowed | io.luxy.lua.engine.LuaLimitError e) {
            throw e; // refused context, or tune.lua.*-timeout: not an I/O failure
        } catch (Exception e) {
            return cantConnect();
        }
    }

    private static Varargs cantConnect() {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("Can't connect"));
    }

    /**
     * HAProxy's inet address forms: "ip:port", "ipv4@ip:port", "ipv6@[ip]:port", or (host, port);
     * null when not one of them ("unix@/path" is handled by {@link UnixTransport}).
     */
    static SocketAddress parseAddress(String addr, LuaValue port) {
        String a = addr;
        if (a.startsWith("ipv4@") || a.startsWith("ipv6@")) {
            a = a.substring(5);
        }
        int p;
        String hostPart;
        if (!port.isnil()) {
            p = port.toint();
            hostPart = a;
        } else {
            int colon = a.lastIndexOf(':');
            if (colon < 0) {
                return null;
            }
            hostPart = a.substring(0, colon);
            try {
                p = Integer.parseInt(a.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
            hostPart = hostPart.substring(1, hostPart.length() - 1);
        }
        if (hostPart.isEmpty() || hostPart.equals("*")) {
            hostPart = "0.0.0.0";
        }
        if (p <= 0 || p > 65535) {
            return null;
        }
        return SocketAddress.inetSocketAddress(p, hostPart);
    }

    private Varargs send(Varargs a) {
        LuaValue data = a.checkstring(2);
        if (transport == null) {
            return LuaValue.valueOf(-1);
        }
        int len = data.rawlen();
        int i = a.optint(3, 1);
        int j = a.optint(4, len);
        if (i < 1) {
            i = 1;
        }
        if (j > len) {
            j = len;
        }
        if (i > j) {
            return LuaValue.ZERO;
        }
        Buffer b = LuaStrings.buffer(data);
        Buffer part = (i == 1 && j == len) ? b : b.getBuffer(i - 1, j);
        CompletableFuture<Void> f = transport.write(part);
        try {
            Invocation inv = Invocation.current();
            if (inv != null) {
                inv.await(WaitReason.SOCKET_SEND, f, timeoutMs);
            } else {
                f.get();
            }
            return LuaValue.valueOf(j - i + 1);
        } catch (io.luxy.lua.engine.YieldNotAllowed | io.luxy.lua.engine.LuaLimitError e) {
            throw e; // refused context, or tune.lua.*-timeout: not an I/O failure
        } catch (Exception e) {
            // 2.6.12 still counts the bytes when only the peer has closed (they are dropped)
            return LuaValue.valueOf(input != null && input.ended() ? j - i + 1 : -1);
        }
    }

    private Varargs receive(Varargs a) {
        if (input == null) {
            return closedResult();
        }
        Invocation inv = Invocation.current();
        if (inv != null) {
            inv.checkMayBlock();
        }
        LuaValue pattern = a.arg(2);
        LuaValue prefix = a.arg(3).isstring() ? a.arg(3).checkstring() : LuaValue.EMPTYSTRING;
        boolean line = false;
        StreamInput.Read r;
        if (pattern.isnil() || (pattern.isstring() && !pattern.isnumber() && pattern.tojstring().startsWith("*l"))) {
            line = true;
            r = input.line(false, timeoutMs);
        } else if (pattern.isnumber()) {
            // 2.6.12 counts the prefix in the wanted length; past it, it reads to the close
            int wanted = pattern.toint() - prefix.rawlen();
            if (wanted == 0) {
                return prefix;
            }
            r = wanted < 0 ? input.all(timeoutMs) : input.bytes(wanted, timeoutMs);
        } else if (pattern.tojstring().startsWith("*a")) {
            r = input.all(timeoutMs);
        } else {
            throw new LuaError("Unsupported pattern.");
        }
        if (r.timedOut()) {
            // 2.6.12 closes the socket on a timeout and returns what its buffer holds: the prefix
            // and the bytes already consumed (a partial line is not consumed)
            LuaValue got = line ? prefix : prefix.concat(LuaStrings.of(input.drainAvailable()));
            close();
            input = null;
            return got.rawlen() > 0 ? got : closedResult();
        }
        if (line && r.data() != null) {
            return prefix.concat(LuaStrings.of(r.data())); // an empty line is "", as in 2.6.12
        }
        // at the end of the stream, like on a timeout, 2.6.12 returns its buffer (the prefix) when not empty
        LuaValue got = r.data() == null ? prefix : prefix.concat(LuaStrings.of(r.data()));
        return got.rawlen() > 0 ? got : closedResult();
    }

    private static Varargs closedResult() {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("connection closed."));
    }

    private Varargs settimeout(Varargs a) {
        double sec = a.checkdouble(2);
        timeoutMs = Math.max(1, (long) (sec * 1000));
        return LuaValue.NONE;
    }

    private Varargs close() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
        return LuaValue.NONE;
    }

    /** Closes the connection the script left open when its transaction's Lua call ends (as HAProxy). */
    @Override
    public void scopeEnded() {
        close();
    }

    private Varargs name(boolean peer) {
        String n = transport == null ? null : transport.name(peer);
        return n == null ? LuaValue.NIL : LuaValue.valueOf(n);
    }
}

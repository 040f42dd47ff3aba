package io.luxy.lua.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.luaj.vm2.Buffer;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;

/**
 * What classes compiled by luajc call at run time, besides {@link LimitTicks#tick()}: the
 * {@code ..} operator with its size reserved first ({@code tune.lua.maxmem}), and the error
 * position that LuaJ's interpreter adds in {@code LuaClosure.processErrorHooks}/{@code errorHook}
 * (LuaJ 3.0.1), so that {@code pcall}, {@code error} and HAProxy's "runtime error: file.lua:12:
 * ..." logs read the same whether a chunk is compiled or interpreted.
 */
public final class CompiledLua {

    private static final VarHandle FILELINE;
    private static final VarHandle TRACEBACK;
    private static final VarHandle LEVEL;
    private static final VarHandle BUFFER_LENGTH;
    private static final VarHandle BUFFER_VALUE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(LuaError.class, MethodHandles.lookup());
            FILELINE = l.findVarHandle(LuaError.class, "fileline", String.class);
            TRACEBACK = l.findVarHandle(LuaError.class, "traceback", String.class);
            LEVEL = l.findVarHandle(LuaError.class, "level", int.class);
            MethodHandles.Lookup b = MethodHandles.privateLookupIn(Buffer.class, MethodHandles.lookup());
            BUFFER_LENGTH = b.findVarHandle(Buffer.class, "length", int.class);
            BUFFER_VALUE = b.findVarHandle(Buffer.class, "value", LuaValue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CompiledLua() {
    }

    /**
     * {@code a .. b} (luajc's {@code LuaValue.concat(LuaValue)}): reserves the size of the result
     * with {@code ticks}, which raises "not enough memory" instead when it is over
     * {@code tune.lua.maxmem}, then concatenates as LuaJ does (metamethods included).
     */
    public static LuaValue concat(LuaValue a, LuaValue b, LimitTicks ticks) {
        ticks.reserve(concatSize(a) + concatSize(b));
        return a.concat(b);
    }

    /**
     * {@code a .. (rest of a chain)} (luajc's {@code LuaValue.concat(Buffer)}, for
     * {@code a .. b .. c}): reserves the grown buffer first, as {@link #concat(LuaValue, LuaValue, LimitTicks)};
     * twice its size, since LuaJ's buffer grows by doubling and is copied once more at the end.
     */
    public static Buffer concat(LuaValue a, Buffer b, LimitTicks ticks) {
        LuaValue held = (LuaValue) BUFFER_VALUE.get(b); // a buffer holds a value or bytes (LuaJ 3.0.1)
        ticks.reserve(2 * (concatSize(a) + (held != null ? concatSize(held) : (int) BUFFER_LENGTH.get(b))));
        return a.concat(b);
    }

    /**
     * Bytes {@code v} adds to a concatenation: a string's length, at most 40 for a number's
     * digits, 0 for other values (they go through {@code __concat}, whose result is counted when
     * it is built).
     */
    static long concatSize(LuaValue v) {
        if (v instanceof LuaString s) {
            return s.m_length;
        }
        return v instanceof LuaNumber ? 40 : 0;
    }

    /**
     * Called by a compiled function's handler for the Lua line {@code line} (-1 when unknown):
     * the first compiled or interpreted function an error leaves gives it its position
     * ({@code "source:line"}) and runs the coroutine's error function or the debug library's
     * traceback, as the interpreter does. Other runtime exceptions become a {@link LuaError}
     * ("vm error: ...") as in the interpreter. Returns the error to throw.
     */
    public static LuaError located(RuntimeException e, int line, String source, LimitTicks ticks) {
        LuaError le = e instanceof LuaError x ? x : new LuaError(e);
        if (TRACEBACK.get(le) == null) {
            FILELINE.set(le, (source != null ? source : "?") + ":" + (line > 0 ? String.valueOf(line) : "?"));
            TRACEBACK.set(le, errorHook(ticks == null ? null : ticks.globals(), le.getMessage(), (int) LEVEL.get(le)));
        }
        return le;
    }

    /** LuaJ 3.0.1's {@code LuaClosure.errorHook}: the running thread's error function, or a traceback. */
    private static String errorHook(Globals g, String msg, int level) {
        if (g == null) {
            return msg;
        }
        LuaThread r = g.running;
        if (r == null || r.errorfunc == null) {
            return g.debuglib != null ? msg + "\n" + g.debuglib.traceback(level) : msg;
        }
        LuaValue f = r.errorfunc;
        r.errorfunc = null;
        try {
            return f.call(LuaValue.valueOf(msg)).tojstring();
        } catch (Throwable t) {
            return "error in error handling";
        } finally {
            r.errorfunc = f;
        }
    }

    /** The chunk name a compiled function was loaded from, or null when {@code f} is not compiled. */
    public static String source(LuaValue f) {
        if (f == null || !(f.getClass().getClassLoader() instanceof LuaCompiler.ChunkLoader)) {
            return null;
        }
        try {
            return (String) f.getClass().getField(LimitInstrumenter.SOURCE_FIELD).get(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}

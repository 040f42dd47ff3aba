package io.luxy.lua.engine;

import java.util.Arrays;

import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The instruction-count hook that enforces {@code tune.lua.*} (HAProxy: {@code hlua_hook} set with
 * {@code lua_sethook(LUA_MASKCOUNT)}). LuaJ's interpreter calls {@code globals.debuglib} before
 * every instruction; this subclass is installed there without exposing the {@code debug} library
 * to scripts. Each instruction ticks the state's {@link LimitTicks} (one decrement; every
 * {@link LimitTicks#CHECK_EVERY} ticks the running {@link Invocation} checks its clock, its
 * allocation budget and whether a forced yield is due). Code compiled by luajc never calls this
 * hook and ticks the same {@link LimitTicks} itself ({@link LimitInstrumenter}).
 * <p>
 * With {@code tune.lua.maxmem}, the hook also keeps the interpreted frames of each Java thread
 * (from {@code onCall}/{@code onReturn}) so that before an {@code OP_CONCAT} it can
 * {@linkplain LimitTicks#reserve reserve} the size of the string the instruction is about to
 * build, as compiled code does through {@link CompiledLua#concat}; a doubling string is then
 * stopped before its allocation, not after. Without maxmem that costs one field test per
 * instruction.
 * <p>
 * When a real {@code debug} library was loaded first, calls are forwarded to it so that
 * {@code debug.traceback} keeps working. LuaJ appends {@code debuglib.traceback()} to every error
 * message when a debug library is present, which would change what {@code pcall} returns; an
 * identity error handler on the main coroutine keeps messages as plain Lua 5.3 gives them.
 */
final class InstructionHook extends DebugLib {

    /** The interpreted frames of each thread running Lua (LIFO on one thread, whatever the state). */
    private static final ThreadLocal<Frames> FRAMES = ThreadLocal.withInitial(() -> new Frames(Thread.currentThread()));

    private final LimitTicks ticks;
    private final DebugLib delegate;
    /** The frames of the thread that last ran Lua in this state (checked against its owner). */
    private Frames frames = new Frames(null);

    private InstructionHook(LimitTicks ticks, DebugLib delegate) {
        this.ticks = ticks;
        this.delegate = delegate;
    }

    /** Installs the hook into {@code state}'s globals. */
    static void install(LuaState state) {
        Globals g = state.globals();
        DebugLib existing = g.debuglib instanceof InstructionHook h ? h.delegate : g.debuglib;
        LimitTicks ticks = g.debuglib instanceof InstructionHook h ? h.ticks : new LimitTicks(state);
        g.debuglib = new InstructionHook(ticks, existing);
        if (existing == null && g.running != null && g.running.errorfunc == null) {
            g.running.errorfunc = new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return args.arg1();
                }
            };
        }
    }

    /** The limit countdown of {@code globals}' state, or null when no hook is installed there. */
    static LimitTicks ticksOf(Globals g) {
        return g.debuglib instanceof InstructionHook h ? h.ticks : null;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        ticks.tick();
        if (ticks.memoryLimited()) {
            Frames f = frames();
            int d = f.depth - 1;
            int[] code = d >= 0 ? f.code[d] : null;
            if (code != null && pc < code.length && (code[pc] & 0x3f) == Lua.OP_CONCAT) {
                reserveConcat(code[pc], f.stack[d]);
            }
        }
        if (delegate != null) {
            delegate.onInstruction(pc, v, top);
        }
    }

    /**
     * {@code R(A) := R(B) .. ... .. R(C)}: reserves the length of the strings and numbers joined,
     * twice for three or more (LuaJ builds those in a {@code Buffer} that grows by doubling).
     */
    private void reserveConcat(int i, LuaValue[] stack) {
        int b = i >>> 23;
        int c = (i >> 14) & 0x1ff;
        long n = 0;
        for (int r = b; r <= c && r < stack.length; r++) {
            n += CompiledLua.concatSize(stack[r]);
        }
        ticks.reserve(c > b + 1 ? 2 * n : n);
    }

    @Override
    public void onCall(LuaFunction f) {
        if (ticks.memoryLimited()) {
            frames().push(null, null);
        }
        if (delegate != null) {
            delegate.onCall(f);
        }
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (ticks.memoryLimited()) {
            frames().push(c.p.code, stack);
        }
        if (delegate != null) {
            delegate.onCall(c, varargs, stack);
        }
    }

    @Override
    public void onReturn() {
        if (ticks.memoryLimited()) {
            frames().pop();
        }
        if (delegate != null) {
            delegate.onReturn();
        }
    }

    private Frames frames() {
        Frames f = frames;
        if (f.owner != Thread.currentThread()) {
            f = FRAMES.get();
            frames = f;
        }
        return f;
    }

    /**
     * One thread's interpreted frames: each function's code and register array, the innermost
     * last ({@code null} code for a Java function that reported its call). Only its owner
     * thread changes it.
     */
    private static final class Frames {
        final Thread owner;
        int[][] code = new int[16][];
        LuaValue[][] stack = new LuaValue[16][];
        int depth;

        Frames(Thread owner) {
            this.owner = owner;
        }

        void push(int[] c, LuaValue[] s) {
            if (depth == code.length) {
                code = Arrays.copyOf(code, depth * 2);
                stack = Arrays.copyOf(stack, depth * 2);
            }
            code[depth] = c;
            stack[depth++] = s;
        }

        void pop() {
            if (depth > 0) {
                depth--;
                code[depth] = null;
                stack[depth] = null;
            }
        }
    }

    @Override
    public String traceback(int level) {
        return delegate != null ? delegate.traceback(level) : "";
    }
}

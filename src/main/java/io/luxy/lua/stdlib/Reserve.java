package io.luxy.lua.stdlib;

import org.luaj.vm2.LuaError;

import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LimitTicks;

/**
 * Reservations made by the standard library before it builds a string or an array whose size
 * grows with its arguments ({@code string.rep}, {@code table.concat}, {@code string.format},
 * {@code gsub}, {@code string.byte}…), for {@code tune.lua.maxmem} ({@link LimitTicks#reserve}).
 * The state is the calling thread's: its {@link Invocation}'s, or on a coroutine's thread the
 * state the coroutine was created in. The functions live in the string metatable that every
 * state of the JVM shares, so they cannot keep a state of their own. Sizes under
 * {@value #SMALL} bytes are left to the invocation's periodic allocation count.
 */
final class Reserve {

    /** Smaller reservations are not looked up (the allocation meter counts them). */
    static final int SMALL = 4096;

    private Reserve() {
    }

    /** Reserves {@code n} bytes; throws "not enough memory" when they are over the budget. */
    static void bytes(long n) {
        if (n < SMALL) {
            return;
        }
        LimitTicks t = ticks();
        if (t != null) {
            t.reserve(n);
        } else if (n > Integer.MAX_VALUE - 16) {
            throw new LuaError("not enough memory");
        }
    }

    /** Reserves an array of {@code n} references (8 bytes each, counted as a 64-bit JVM does). */
    static void refs(long n) {
        bytes(n * 8);
    }

    private static LimitTicks ticks() {
        Invocation inv = Invocation.current();
        if (inv != null) {
            return LimitTicks.of(inv.state().globals());
        }
        Coroutine co = Coroutine.current();
        return co != null ? LimitTicks.of(co.globals) : null;
    }
}

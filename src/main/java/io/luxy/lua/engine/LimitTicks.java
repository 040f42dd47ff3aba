package io.luxy.lua.engine;

import org.luaj.vm2.Globals;

/**
 * The per-state countdown behind {@code tune.lua.*} (HAProxy: {@code hlua_hook}, run every
 * {@code lua_sethook(LUA_MASKCOUNT)} instructions, and the allocator {@code hlua_alloc} that
 * enforces {@code tune.lua.maxmem}). Interpreted code ticks it once per Lua instruction
 * ({@link InstructionHook}); code compiled by luajc ticks it at every function entry and every
 * backward jump ({@link LimitInstrumenter}), so a loop or a recursion always reaches a check.
 * Every {@link #CHECK_EVERY} ticks it asks the state's running {@link Invocation} to check its
 * clock, its allocation budget and whether a forced yield is due; the fast path is one
 * decrement.
 * <p>
 * Code about to build a string or an array whose size grows with its input (the {@code ..}
 * operator, {@code string.rep}, {@code table.concat}, {@code string.format}, {@code gsub}…)
 * first {@linkplain #reserve reserves} its size: a reservation that would take the running
 * invocation over {@code tune.lua.maxmem} raises Lua's "not enough memory" before anything is
 * allocated, as Lua's allocator fails an allocation over HAProxy's limit. Reservations also
 * count as work (one tick per {@value #BYTES_PER_TICK} bytes), so a loop of big string
 * operations reaches its limit checks as often as a loop of instructions, and a forced yield
 * due comes before the copy rather than after it. Public because
 * compiled classes, defined in their own class loaders, and the standard library call it.
 */
public final class LimitTicks {

    /** Ticks between two limit checks (a clock read, and an allocation sample with maxmem). */
    static final int CHECK_EVERY = 1000;
    /** Reserved bytes that count as one tick of work. */
    static final int BYTES_PER_TICK = 1024;
    /** The largest string or array the JVM can allocate (bytes or elements). */
    static final long MAX_ALLOCATION = Integer.MAX_VALUE - 16;
    /** Reserved bytes after which the limits are checked, without maxmem: 1 MB of work. */
    private static final long WORK_CHECK = (long) CHECK_EVERY * BYTES_PER_TICK;

    private final LuaState state;
    private int countdown = CHECK_EVERY;
    private long reserved;
    private long reserveCheck = WORK_CHECK;
    private boolean memoryLimited;

    LimitTicks(LuaState state) {
        this.state = state;
    }

    /** The countdown of the state whose globals are {@code g}, or null when {@code g} has no limits hook. */
    public static LimitTicks of(Globals g) {
        return InstructionHook.ticksOf(g);
    }

    /**
     * One unit of Lua work done. Throws {@link LuaLimitError} when the running invocation is over
     * a limit; may release and retake the state's lock (forced yield).
     */
    public void tick() {
        if (--countdown <= 0) {
            check();
        }
    }

    /**
     * Lua is about to allocate about {@code bytes} bytes (a string, or an array of that many
     * bytes' worth of references) that the running invocation will hold. Throws
     * {@link LuaLimitError} "not enough memory" when that would take it over
     * {@code tune.lua.maxmem} (or over what the JVM can allocate at all), or "execution timeout"
     * when the work done since the last check took it over its timeout. The fast path is one
     * addition and one comparison: the budget is checked once the reservations since the last
     * check pass 1/16 of maxmem (at most 1 MB). HAProxy doc: {@code tune.lua.maxmem}
     * (configuration.txt 3.2); Lua 5.3's allocation failure ({@code LUA_ERRMEM}).
     */
    public void reserve(long bytes) {
        if ((reserved += bytes) > reserveCheck) {
            reserveSlow(bytes);
        }
    }

    private void reserveSlow(long bytes) {
        long work = reserved;
        reserved = 0;
        Invocation inv = state.running();
        if (inv != null) {
            int ticks = (int) Math.min(work / BYTES_PER_TICK, Integer.MAX_VALUE / 2);
            countdown -= Math.min(ticks, CHECK_EVERY);
            inv.onReserve(bytes, ticks);
        } else if (bytes > MAX_ALLOCATION) {
            throw new LuaLimitError(LuaLimitError.Kind.MEMORY);
        }
    }

    private void check() {
        Invocation inv = state.running();
        // once timed out, check at every tick: the error then also hits the code around a pcall
        // that keeps catching it, so a loop of pcalls ends too
        countdown = inv != null && inv.timedOut() ? 1 : CHECK_EVERY;
        if (inv != null) {
            inv.onInstructions(CHECK_EVERY);
        }
    }

    /** The state's limits changed: {@code maxmemBytes} (0 = none) sets the reservation threshold. */
    void limits(long maxmemBytes) {
        memoryLimited = maxmemBytes > 0;
        reserveCheck = memoryLimited ? Math.max(1, Math.min(maxmemBytes / 16, WORK_CHECK)) : WORK_CHECK;
    }

    /** True when {@code tune.lua.maxmem} applies in this state (the interpreter then checks its {@code ..}). */
    boolean memoryLimited() {
        return memoryLimited;
    }

    /** The globals of the state these ticks belong to (for error handlers). */
    Globals globals() {
        return state.globals();
    }
}

package io.luxy.lua.engine;

import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

/**
 * Turns failed outcomes into HAProxy's log sentences, once per failure, and counts them
 * (HAProxy src/hlua.c: "Lua function '%s': [state-id %d] runtime error: %s").
 */
public final class LuaReporter {

    private static final Logger LOG = Logger.getLogger("luxy.lua");
    private static final LongAdder ERRORS = new LongAdder();

    private LuaReporter() {
    }

    /**
     * Logs {@code outcome} when it is not Ok. {@code what} is HAProxy's prefix, e.g.
     * {@code "Lua function 'verify_request'"} or {@code "Lua applet http 'lua.checktcp'"}.
     * Returns true when the outcome was Ok.
     */
    public static boolean report(String what, int stateId, LuaOutcome outcome) {
        switch (outcome) {
            case LuaOutcome.Ok ok -> {
                return true;
            }
            case LuaOutcome.Failed f -> LOG.errorf("%s: [state-id %d] runtime error: %s.", what, stateId, f.message());
            case LuaOutcome.YieldNotAllowed y -> LOG.errorf("%s: yield not allowed.", what);
            case LuaOutcome.ExecTimeout t -> LOG.errorf("%s: execution timeout.", what);
        }
        ERRORS.increment();
        return false;
    }

    /** Failures reported since start (all generations). */
    public static long errors() {
        return ERRORS.sum();
    }
}

package io.luxy.proxy.check;

/**
 * A server's health-check state: HAProxy's {@code check->health} counter (0..rise+fall-1; UP
 * when at least {@code rise}) and the last result, readable by the stats. A checked server starts
 * UP with health = rise, so its first failure takes it DOWN (src/server.c "up, but will fall down
 * at first failure"); from full health, {@code fall} failures take it DOWN; from DOWN, {@code rise}
 * successes take it UP (src/check.c {@code set_server_check_status}). Updated by one check timer
 * at a time; fields are volatile for readers on other threads.
 */
public final class CheckState {

    private final int rise;
    private final int fall;
    private volatile int health;
    private volatile CheckResult last = new CheckResult(CheckStatus.INI, -1, null, -1);
    private volatile long failedChecks;
    private volatile long downTransitions;
    private volatile long lastChangeMillis = System.currentTimeMillis();

    /** A state with HAProxy's start value, health = rise. */
    public CheckState(int rise, int fall) {
        this.rise = Math.max(1, rise);
        this.fall = Math.max(1, fall);
        this.health = this.rise;
    }

    /**
     * Applies one result and tells the transition: +1 when the server goes UP, -1 when it goes
     * DOWN, 0 otherwise. {@code wasUp} is the server's state before this result.
     */
    public int apply(CheckResult r, boolean wasUp) {
        last = r;
        int h = health;
        if (r.status().passed()) {
            if (h < rise + fall - 1) {
                h++;
                if (h >= rise) {
                    h = rise + fall - 1;
                }
            }
        } else if (h > 0) {
            failedChecks++;
            h--;
            if (h < rise) {
                h = 0;
            }
        }
        health = h;
        int t = 0;
        if (wasUp && h == 0) {
            downTransitions++;
            t = -1;
        } else if (!wasUp && h >= rise) {
            t = 1;
        }
        if (t != 0) {
            lastChangeMillis = System.currentTimeMillis();
        }
        return t;
    }

    /** Records {@code r} as the last result without moving the health counter (an agent that cannot be reached). */
    public void record(CheckResult r) {
        last = r;
    }

    /** True when the health counter is full (checks run every {@code inter}). */
    public boolean stable() {
        return health == rise + fall - 1;
    }

    /** Current health counter (HAProxy's {@code check->health}). */
    public int health() {
        return health;
    }

    /** The last check's result ({@link CheckStatus#INI} before the first). */
    public CheckResult last() {
        return last;
    }

    /** Failed checks so far (stats {@code chkfail}). */
    public long failedChecks() {
        return failedChecks;
    }

    /** UP to DOWN transitions so far (stats {@code chkdown}). */
    public long downTransitions() {
        return downTransitions;
    }

    /** Wall-clock time of the last UP/DOWN transition, in ms (stats {@code lastchg}). */
    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    /** {@code rise}. */
    public int rise() {
        return rise;
    }

    /** {@code fall}. */
    public int fall() {
        return fall;
    }
}

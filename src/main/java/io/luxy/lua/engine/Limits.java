package io.luxy.lua.engine;

/**
 * The {@code tune.lua.*} limits of one generation (HAProxy doc/configuration.txt 3.2):
 * {@code forcedYield} instructions between forced yields (default 10000), the execution timeouts
 * in milliseconds for actions/fetches/converters ({@code tune.lua.session-timeout}, default 4000),
 * services ({@code tune.lua.service-timeout}, default 4000) and tasks
 * ({@code tune.lua.task-timeout}, default 0 = none), and {@code maxmemBytes}
 * ({@code tune.lua.maxmem} in bytes, default 0 = unlimited). Only time spent executing Lua counts
 * against a timeout, as in HAProxy; time waiting for sockets, sleeps or the state's lock does not.
 */
public record Limits(long forcedYield, long sessionTimeoutMs, long serviceTimeoutMs, long taskTimeoutMs, long maxmemBytes) {

    /** HAProxy 2.6's defaults. */
    public static final Limits DEFAULTS = new Limits(10_000, 4_000, 4_000, 0, 0);

    /** The execution timeout in milliseconds for {@code ctx}, 0 when none (body and init have none). */
    public long timeoutMs(ExecContext ctx) {
        return switch (ctx) {
            case ACTION, SAMPLE_FETCH, CONVERTER -> sessionTimeoutMs;
            case SERVICE -> serviceTimeoutMs;
            case TASK -> taskTimeoutMs;
            case BODY, INIT -> 0;
        };
    }
}

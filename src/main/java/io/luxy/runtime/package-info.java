/**
 * Operator-facing state, as HAProxy exposes it: the statistics CSV ({@link io.luxy.runtime.StatsCsv}),
 * the runtime API on the stats socket ({@link io.luxy.runtime.RuntimeApi}, {@link io.luxy.runtime.Cli})
 * and the counters' updates from the data path ({@link io.luxy.runtime.Traffic}).
 */
package io.luxy.runtime;

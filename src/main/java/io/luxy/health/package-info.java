/**
 * SmallRye Health checks: Lua service probes (the {@code checktcp} pattern) and backend-free
 * generation state for readiness, the Lua engine for liveness. Each check answers from a
 * snapshot and does no I/O in {@code call()}.
 */
package io.luxy.health;

/**
 * SmallRye Health checks. Started: the first generation serves. Ready: Lua service probes (the
 * {@code checktcp} pattern), backends with a server UP, the last reload, and DOWN while
 * draining. Live: the Lua engine and the event loops. Each check answers from a snapshot and
 * does no I/O in {@code call()}.
 */
package io.luxy.health;

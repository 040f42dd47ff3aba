/**
 * Generations and reload in place: a {@link io.luxy.reload.Generation} is a parsed configuration
 * with its Lua states, proxies and sockets; {@link io.luxy.reload.GenerationSwitch} builds the
 * next one beside the running one, carries server state over, swaps and retires the old one;
 * {@link io.luxy.reload.Reloader} watches the files (ConfigMap {@code ..data} swaps included)
 * and {@link io.luxy.reload.Signals} maps SIGHUP to a reload.
 */
package io.luxy.reload;

/**
 * Generations: a parsed configuration with its Lua states, proxies and sockets, built beside the
 * running one and started or stopped as a unit.
 */
package io.luxy.reload;

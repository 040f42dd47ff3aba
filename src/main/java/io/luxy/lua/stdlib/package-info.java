/**
 * Lua's standard libraries for Luxy's LuaJ 3.0.1 states, made to print what Lua 5.3 (HAProxy's
 * Lua) prints: {@link io.luxy.lua.stdlib.LuaLibraries} loads them, honouring
 * {@code tune.lua.openlibs} ({@link io.luxy.lua.stdlib.OpenLibs}) and {@code lua-prepend-path}.
 *
 * <p>Known differences that remain, because LuaJ has no integer subtype: a float with an
 * integral value prints as an integer ({@code 10/2} → {@code 5}, Lua 5.3 {@code 5.0});
 * {@code ..} on a non-integral number uses LuaJ's float formatting; integers beyond 2^53 lose
 * precision. Coroutines run on virtual threads ({@code coroutine.*}), so yields also cross
 * Java calls and metamethods, which Lua 5.3 refuses. A coroutine body runs on its own virtual
 * thread, outside the resumer's {@code Invocation}: {@code core.sleep/yield} there do nothing
 * (as HAProxy 2.6 in a user coroutine) and socket calls block without releasing the state lock.
 * {@code os.exit} raises a Lua error instead of stopping the JVM.
 */
package io.luxy.lua.stdlib;

/**
 * Adapters between the proxy and registered Lua functions: services, actions, sample fetches,
 * converters, init functions and tasks, each run as an invocation with HAProxy's context rules
 * and error reporting; and {@link io.luxy.lua.bind.LuaRuntime}, the Lua side of a generation.
 */
package io.luxy.lua.bind;

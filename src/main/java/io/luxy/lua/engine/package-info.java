/**
 * The Lua kernel: LuaJ states with HAProxy's locking discipline, invocations on virtual threads,
 * execution contexts, the object/metatable model shared by every API class, outcomes and their
 * reporting. Knows nothing about HTTP or the proxy (STYLE.md rule 2).
 */
package io.luxy.lua.engine;

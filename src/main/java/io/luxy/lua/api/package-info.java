/**
 * HAProxy's Lua classes, one Java class each (Core, TXN, AppletHTTP, AppletTCP, Socket, Fetches,
 * Converters…), each exporting its methods explicitly in HAProxy's registration order. Depends on
 * the interfaces of {@code sample} and on small exchange interfaces that the proxy implements.
 */
package io.luxy.lua.api;

package io.luxy.lua.api;

import java.nio.charset.StandardCharsets;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

import io.vertx.core.buffer.Buffer;

/**
 * Byte-exact conversions between Lua strings and Java/Vert.x data. Lua strings are bytes; Java
 * strings coming from the network hold one byte per char (ISO-8859-1, as Netty decodes headers),
 * so both directions use ISO-8859-1 and no byte is altered.
 */
public final class LuaStrings {

    private LuaStrings() {
    }

    /** A Lua string with the bytes of {@code s} (one byte per char). */
    public static LuaString of(String s) {
        return LuaString.valueOf(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The Java string (one char per byte) of a Lua string or number. */
    public static String java(LuaValue v) {
        LuaString s = v.checkstring();
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a Lua string or number as a Vert.x buffer (one copy). */
    public static Buffer buffer(LuaValue v) {
        LuaString s = v.checkstring();
        return Buffer.buffer(s.m_length).appendBytes(s.m_bytes, s.m_offset, s.m_length);
    }

    /** A Lua string with the bytes of {@code b}. */
    public static LuaString of(Buffer b) {
        return LuaString.valueOf(b.getBytes());
    }
}

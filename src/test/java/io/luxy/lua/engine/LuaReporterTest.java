package io.luxy.lua.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The position part of the "execution timeout" log line (HAProxy: "... execution timeout from loop.lua:1: ..."). */
class LuaReporterTest {

    @Test
    void where_takesThePositionFromInterpretedAndCompiledMessages() {
        assertEquals(" from loop.lua:3", LuaReporter.where("loop.lua:3 execution timeout"));
        assertEquals(" from loop.lua:3", LuaReporter.where("loop.lua:3: execution timeout"));
        assertEquals("", LuaReporter.where("execution timeout"));
        assertEquals("", LuaReporter.where(null));
    }
}

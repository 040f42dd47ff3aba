package io.luxy.lua.engine;

/**
 * A script could not be loaded (file missing, syntax error, error in its main chunk).
 * {@link #getMessage()} is HAProxy's sentence without the {@code parsing [file:line] :} prefix.
 */
public final class LuaLoadException extends Exception {
    public LuaLoadException(String message) {
        super(message);
    }
}

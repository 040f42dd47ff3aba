package io.luxy.lua.stdlib;

import java.lang.reflect.Field;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * The error value a Lua 5.3 {@code pcall} would return for a LuaJ {@link LuaError}. LuaJ 3.0.1
 * joins position and message with a space ({@code "x.lua:3 boom"}); Lua writes
 * {@code "x.lua:3: boom"}, and scripts log or match that text. Error objects that are not
 * strings (tables, {@code error(msg, 0)}) pass through unchanged.
 */
public final class LuaErrors {

    private static final Field FILELINE = field("fileline");
    private static final Field TRACEBACK = field("traceback");
    private static final Field OBJECT = field("object");

    private LuaErrors() {
    }

    private static Field field(String name) {
        try {
            Field f = LuaError.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The message Lua 5.3 shows for {@code e}: {@code "chunk:line: message"} or the error object. */
    public static LuaValue value(LuaError e) {
        String m = message(e);
        return m == null ? e.getMessageObject() : LuaValue.valueOf(m);
    }

    /** The error text with Lua's {@code "chunk:line: "} prefix, or null when the error is an object. */
    public static String message(LuaError e) {
        if (FILELINE == null || TRACEBACK == null || OBJECT == null) {
            return null;
        }
        try {
            String fileline = (String) FILELINE.get(e);
            LuaValue obj = e.getMessageObject();
            if (fileline == null || obj == null || OBJECT.get(e) != null || !e.getMessage().startsWith(fileline + " ")) {
                return null;
            }
            Object tb = TRACEBACK.get(e);
            TRACEBACK.set(e, null);
            FILELINE.set(e, null);
            try {
                return fileline + ": " + e.getMessage();
            } finally {
                FILELINE.set(e, fileline);
                TRACEBACK.set(e, tb);
            }
        } catch (IllegalAccessException ex) {
            return null;
        }
    }
}

package io.luxy.lua.stdlib;

import java.util.function.Function;

import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** A named Lua function from a Java lambda (names appear in LuaJ's argument errors). */
final class Fn extends VarArgFunction {

    private final Function<Varargs, Varargs> body;

    private Fn(String name, Function<Varargs, Varargs> body) {
        this.name = name;
        this.body = body;
    }

    /** A function called {@code name} that runs {@code body}. */
    static Fn of(String name, Function<Varargs, Varargs> body) {
        return new Fn(name, body);
    }

    @Override
    public Varargs invoke(Varargs args) {
        return body.apply(args);
    }
}

package io.luxy.lua.api;

import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;

/**
 * Exports the methods that TXN, AppletHTTP and AppletTCP share: {@code set_var(name, v [, ifexist])},
 * {@code get_var(name)}, {@code unset_var(name)}, {@code set_priv(v)}, {@code get_priv()}
 * (HAProxy doc/lua-api; variables convert with {@link SampleConversions}).
 */
final class StreamMethods {

    private StreamMethods() {
    }

    static <T extends LuaStream> void export(LuaClassBuilder b, Class<T> cls) {
        b.method("set_var", a -> {
            T s = LuaObject.check(a, 1, cls, "set_var");
            String name = LuaObject.checkString(a, 2, "set_var");
            boolean ifExist = a.arg(4).toboolean();
            return LuaValue.valueOf(s.vars().set(name, SampleConversions.fromLua(a.arg(3)), ifExist));
        });
        b.method("unset_var", a -> {
            T s = LuaObject.check(a, 1, cls, "unset_var");
            return LuaValue.valueOf(s.vars().unset(LuaObject.checkString(a, 2, "unset_var")));
        });
        b.method("get_var", a -> {
            T s = LuaObject.check(a, 1, cls, "get_var");
            return SampleConversions.toLua(s.vars().get(LuaObject.checkString(a, 2, "get_var")));
        });
        b.method("set_priv", a -> {
            LuaObject.check(a, 1, cls, "set_priv").priv(a.arg(2));
            return LuaValue.NONE;
        });
        b.method("get_priv", a -> LuaObject.check(a, 1, cls, "get_priv").priv());
    }
}

package io.luxy;

import io.luxy.config.GlobalKeywords;
import io.luxy.config.KeywordRegistry;
import io.luxy.lua.LuaKeywords;
import io.luxy.proxy.ProxyKeywords;

/** Builds the keyword registry of everything Luxy understands in haproxy.cfg (config, proxy and Lua packages). */
public final class Keywords {

    private Keywords() {
    }

    /** A new registry with the global basics, the Lua keywords and the proxy keywords, in that order. */
    public static KeywordRegistry standard() {
        KeywordRegistry r = new KeywordRegistry();
        GlobalKeywords.register(r);
        LuaKeywords.register(r);
        io.luxy.proxy.http.HttpKeywords.register(r);
        ProxyKeywords.register(r);
        io.luxy.proxy.balance.BalanceKeywords.register(r);
        io.luxy.proxy.check.CheckKeywords.register(r);
        io.luxy.runtime.RuntimeKeywords.register(r);
        io.luxy.reload.ReloadKeywords.register(r);
        io.luxy.proxy.auth.UserlistKeywords.register(r);
        return r;
    }
}

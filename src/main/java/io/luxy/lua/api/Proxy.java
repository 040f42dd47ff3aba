package io.luxy.lua.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Bind;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.Mode;
import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.Server;

/**
 * HAProxy doc/lua-api "Proxy class": one frontend, backend or listen section of the running
 * generation, as found in {@code core.proxies}, {@code core.backends} and {@code core.frontends}
 * (plain tables keyed by name, as in HAProxy 2.6, so {@code pairs()} works). The object carries
 * HAProxy 2.6's attributes {@code name}, {@code uuid}, {@code servers} (name → Server) and
 * {@code listeners} (name → Listener); {@code stktable} is nil (no stick tables). Views are live:
 * a Server object reads the model's server, so a change made by any path (runtime API, health
 * check, Lua) is seen at once.
 */
public final class Proxy {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Proxy";

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("get_name", a -> LuaStrings.of(self(a, "get_name").name));
        b.method("get_uuid", a -> LuaValue.valueOf(self(a, "get_uuid").uuid()));
        b.method("pause", a -> noop(a, "pause"));
        b.method("resume", a -> noop(a, "resume"));
        b.method("stop", a -> noop(a, "stop"));
        b.method("shut_bcksess", a -> noop(a, "shut_bcksess"));
        b.method("get_cap", a -> LuaValue.valueOf(self(a, "get_cap").cap()));
        b.method("get_mode", a -> LuaValue.valueOf(self(a, "get_mode").mode() == Mode.HTTP ? "http" : "tcp"));
        b.method("get_srv_act", a -> LuaValue.valueOf(self(a, "get_srv_act").count(false)));
        b.method("get_srv_bck", a -> LuaValue.valueOf(self(a, "get_srv_bck").count(true)));
        b.method("get_stats", a -> ProxyStats.proxy(self(a, "get_stats")));
        META = b.build();
    }

    private final String name;
    private final Frontend frontend;
    private final Backend backend;

    private Proxy(String name, Frontend frontend, Backend backend) {
        this.name = name;
        this.frontend = frontend;
        this.backend = backend;
    }

    private static Proxy self(org.luaj.vm2.Varargs a, String fn) {
        return LuaObject.check(a, 1, Proxy.class, fn);
    }

    /** pause/resume/stop/shut_bcksess: accepted and ignored (Luxy cannot pause one proxy's listeners yet). */
    private static LuaValue noop(org.luaj.vm2.Varargs a, String fn) {
        self(a, fn);
        return LuaValue.NONE.arg1();
    }

    /** The section's name. */
    public String name() {
        return name;
    }

    /** The frontend half, or null for a backend. */
    public Frontend frontend() {
        return frontend;
    }

    /** The backend half, or null for a frontend. */
    public Backend backend() {
        return backend;
    }

    /** HAProxy's proxy id ({@code uuid}, the {@code iid} stats field). */
    public int uuid() {
        return frontend != null ? frontend.id() : backend.id();
    }

    /** "frontend", "backend" or "proxy" (both: a listen section). */
    public String cap() {
        return frontend != null && backend != null ? "proxy" : frontend != null ? "frontend" : "backend";
    }

    /** The proxy's mode. */
    public Mode mode() {
        return frontend != null ? frontend.mode() : backend.mode();
    }

    private int count(boolean backup) {
        int n = 0;
        if (backend != null) {
            for (Server s : backend.servers()) {
                if (s.backup() == backup && s.usable()) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Fills {@code core.proxies}, {@code core.backends} and {@code core.frontends} of one state
     * from {@code model} (in place: tables a script captured in its body see the entries). A
     * listen section is one Proxy object present in all three.
     */
    public static void install(LuaTable core, ProxyModel model) {
        Map<String, Frontend> fes = new LinkedHashMap<>();
        for (Frontend f : model.frontends()) {
            fes.put(f.name(), f);
        }
        LuaTable proxies = table(core, "proxies");
        LuaTable backends = table(core, "backends");
        LuaTable frontends = table(core, "frontends");
        for (Frontend f : fes.values()) {
            Backend be = model.backends().get(f.name()); // same name: a listen section
            LuaTable px = create(new Proxy(f.name(), f, be));
            proxies.rawset(f.name(), px);
            frontends.rawset(f.name(), px);
            if (be != null) {
                backends.rawset(f.name(), px);
            }
        }
        java.util.List<Backend> sorted = new java.util.ArrayList<>(model.backends().values());
        sorted.sort(java.util.Comparator.comparingInt(Backend::id));
        for (Backend be : sorted) {
            if (backends.rawget(be.name()).isnil()) {
                LuaTable px = create(new Proxy(be.name(), null, be));
                backends.rawset(be.name(), px);
                proxies.rawset(be.name(), px);
            }
        }
    }

    private static LuaTable table(LuaTable core, String key) {
        LuaValue t = core.rawget(key);
        if (t.istable()) {
            return (LuaTable) t;
        }
        LuaTable n = new LuaTable();
        core.rawset(key, n);
        return n;
    }

    private static LuaTable create(Proxy p) {
        LuaTable t = LuaObject.wrap(p, META);
        t.rawset("name", LuaStrings.of(p.name));
        t.rawset("uuid", LuaValue.valueOf(p.uuid()));
        LuaTable servers = new LuaTable();
        if (p.backend != null) {
            for (Server s : p.backend.servers()) {
                servers.rawset(s.name(), LuaServer.create(p, s, t));
            }
        }
        t.rawset("servers", servers);
        LuaTable listeners = new LuaTable();
        if (p.frontend != null) {
            int i = 1;
            for (Bind bind : p.frontend.binds()) {
                listeners.rawset("sock-" + i, Listener.create(p, bind, i));
                i++;
            }
        }
        t.rawset("listeners", listeners);
        return t;
    }
}

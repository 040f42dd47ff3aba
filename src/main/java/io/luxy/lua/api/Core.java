package io.luxy.lua.api;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.engine.CoreDone;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.lua.engine.LuaObject;
import io.luxy.lua.engine.LuaState;
import io.luxy.lua.engine.Registrations;
import io.luxy.lua.engine.WaitReason;

/**
 * The global {@code core} table (HAProxy doc/lua-api "Core class"): registration functions,
 * logging, sockets, sleeping and yielding. Installed once per state with {@link #install}.
 */
public final class Core {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Core";

    private static final Logger LOG = Logger.getLogger("luxy.lua");
    private static final String[] LEVELS = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

    private final LuaState state;
    private final Registrations registrations;
    private final LuaHost host;

    private Core(LuaState state, Registrations registrations, LuaHost host) {
        this.state = state;
        this.registrations = registrations;
        this.host = host;
    }

    /** Installs {@code core} and {@code act} into {@code state}. */
    public static void install(LuaState state, Registrations registrations, LuaHost host) {
        Core c = new Core(state, registrations, host);
        LuaTable core = new LuaTable();
        for (int i = 0; i < LEVELS.length; i++) {
            core.rawset(LEVELS[i], LuaValue.valueOf(i));
        }
        core.rawset("thread", LuaValue.valueOf(state.id()));
        fn(core, "register_service", c::registerService);
        fn(core, "register_action", c::registerAction);
        fn(core, "register_fetches", a -> c.registerNamed(a, Registrations.Kind.FETCH, "register_fetches"));
        fn(core, "register_converters", a -> c.registerNamed(a, Registrations.Kind.CONVERTER, "register_converters"));
        fn(core, "register_init", c::registerInit);
        fn(core, "register_task", c::registerTask);
        fn(core, "log", a -> {
            log((int) LuaObject.checkInteger(a, 1, "log"), LuaObject.checkString(a, 2, "log"));
            return LuaValue.NONE;
        });
        logFn(core, "Debug", 7);
        logFn(core, "Info", 6);
        logFn(core, "Warning", 4);
        logFn(core, "Alert", 1);
        fn(core, "tcp", a -> Socket.create(host));
        fn(core, "sleep", a -> sleep(LuaObject.checkInteger(a, 1, "sleep") * 1000));
        fn(core, "msleep", a -> sleep(LuaObject.checkInteger(a, 1, "msleep")));
        fn(core, "yield", a -> yieldNow());
        fn(core, "now", a -> now());
        fn(core, "done", a -> {
            throw new CoreDone(a);
        });
        fn(core, "concat", a -> Concat.create());
        fn(core, "httpclient", a -> HttpClient.create(host));
        fn(core, "get_info", a -> Info.table(host));
        fn(core, "get_var", c::getVar);
        fn(core, "set_map", a -> c.patterns(a, "set_map", true, true));
        fn(core, "del_map", a -> c.patterns(a, "del_map", true, false));
        fn(core, "add_acl", a -> c.patterns(a, "add_acl", false, true));
        fn(core, "del_acl", a -> c.patterns(a, "del_acl", false, false));
        dateFn(core, "http_date", HttpDates::http);
        dateFn(core, "imf_date", HttpDates::imf);
        dateFn(core, "rfc850_date", HttpDates::rfc850);
        dateFn(core, "asctime_date", HttpDates::asctime);
        fn(core, "parse_addr", a -> {
            Addresses.Network n = Addresses.parse(LuaObject.checkString(a, 1, "parse_addr"));
            return n == null ? LuaValue.NIL : new org.luaj.vm2.LuaUserdata(n);
        });
        fn(core, "match_addr", a -> LuaValue.valueOf(Addresses.match(network(a, 1), network(a, 2))));
        fn(core, "tokenize", a -> tokenize(LuaObject.checkString(a, 1, "tokenize"), LuaObject.checkString(a, 2, "tokenize"),
                a.arg(3).toboolean()));
        fn(core, "register_cli", c::registerCli);
        fn(core, "set_nice", a -> LuaValue.NONE);
        // Filled with the generation's proxies once built (LuaRuntime.model); empty in the body, as in HAProxy.
        core.rawset("proxies", new LuaTable());
        core.rawset("backends", new LuaTable());
        core.rawset("frontends", new LuaTable());
        LuaValue globals = state.globals();
        globals.set("core", core);
        globals.set("act", Act.table());
        globals.set("Map", LuaMap.classTable(host));
        globals.set("Regex", Regex.classTable());
    }

    private static void fn(LuaTable t, String name, io.luxy.lua.engine.LuaMethod m) {
        t.rawset(name, LuaClassBuilder.function("core." + name, m));
    }

    private static void dateFn(LuaTable t, String name, java.util.function.Function<String, Long> parse) {
        fn(t, name, a -> {
            Long v = parse.apply(LuaObject.checkString(a, 1, name));
            return v == null ? LuaValue.NIL : SampleConversions.integer(v);
        });
    }

    private static Addresses.Network network(Varargs a, int n) {
        LuaValue v = a.arg(n);
        if (v.isuserdata() && v.touserdata() instanceof Addresses.Network net) {
            return net;
        }
        throw new LuaError("bad argument #" + n + " to 'match_addr' (network expected, got " + v.typename() + ")");
    }

    /**
     * {@code core.tokenize(str, separators [, noblank])}: splits on any separator character;
     * empty tokens are kept (also a trailing one) unless {@code noblank}.
     */
    static LuaTable tokenize(String s, String seps, boolean noBlank) {
        LuaTable t = new LuaTable();
        int n = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || seps.indexOf(s.charAt(i)) >= 0) {
                if (!noBlank || i > start) {
                    t.rawset(++n, LuaStrings.of(s.substring(start, i)));
                }
                start = i + 1;
            }
        }
        return t;
    }

    /** {@code core.get_var(name)} (HAProxy 2.9): a {@code proc.} variable, nil when unset. */
    private Varargs getVar(Varargs a) {
        String name = LuaObject.checkString(a, 1, "get_var");
        if (!name.startsWith("proc.")) {
            throw new LuaError("'get_var': Only 'proc' scope is available!");
        }
        return SampleConversions.toLua(io.luxy.sample.Vars.present(host.procVars().get(name)));
    }

    /**
     * {@code core.set_map/del_map/add_acl/del_acl(file, key [, value])} on a pattern file the
     * configuration (or {@code Map.new}) loaded: set replaces every entry with the key or adds
     * one, add_acl adds the key once, del removes every entry with the key.
     */
    private Varargs patterns(Varargs a, String fn, boolean map, boolean add) {
        String file = LuaObject.checkString(a, 1, fn);
        String key = LuaObject.checkString(a, 2, fn);
        io.luxy.sample.MapFile f = host.maps() == null ? null : host.maps().get(file);
        if (f == null) {
            throw new LuaError("'" + fn + "': unknown " + (map ? "map" : "acl") + " file '" + file + "'");
        }
        if (!add) {
            f.delete(key);
        } else if (map) {
            String value = LuaObject.checkString(a, 3, fn);
            if (!f.set(key, value)) {
                f.add(key, value);
            }
        } else if (f.entries().stream().noneMatch(e -> e.key().equals(key))) {
            f.add(key, "");
        }
        return LuaValue.NONE;
    }

    /**
     * {@code core.register_cli(path, usage, fn)}: path is a table of 1 to 5 words. Kept for the
     * runtime API (stats socket), which calls {@code fn(applet, words…, args…)}. At run time the
     * arguments are checked and the call is accepted but registers nothing: HAProxy 2.6.12
     * raises no error there, yet the command it adds is not listed by {@code help} and answers
     * nothing (case {@code register_cli_runtime}).
     */
    private Varargs registerCli(Varargs a) {
        LuaTable path = a.checktable(1);
        String usage = LuaObject.checkString(a, 2, "register_cli");
        LuaFunction f = a.checkfunction(3);
        List<String> words = new ArrayList<>();
        for (int i = 1; i <= path.length(); i++) {
            words.add(LuaStrings.java(path.get(i).checkstring()));
        }
        if (words.isEmpty() || words.size() > 5) {
            throw new LuaError("'register_cli': the path must have 1 to 5 words");
        }
        if (!state.loading()) {
            return LuaValue.NONE;
        }
        host.registerCli(new CliCommand(List.copyOf(words), usage, new LuaFunctionRef("cli", state, f)));
        return LuaValue.NONE;
    }

    private static void logFn(LuaTable t, String name, int level) {
        fn(t, name, a -> {
            log(level, LuaObject.checkString(a, 1, name));
            return LuaValue.NONE;
        });
    }

    /**
     * Logs {@code msg} at HAProxy level {@code level} (0 emerg … 7 debug), with non-printable
     * characters replaced by '.' as HAProxy does.
     */
    public static void log(int level, String msg) {
        String clean = printable(msg);
        switch (level) {
            case 0, 1, 2, 3 -> LOG.errorf("[%s] %s", LEVELS[level], clean);
            case 4 -> LOG.warnf("[%s] %s", LEVELS[level], clean);
            case 5, 6 -> LOG.infof("[%s] %s", LEVELS[level], clean);
            default -> LOG.debugf("[%s] %s", level >= 0 && level < 8 ? LEVELS[level] : "debug", clean);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '.' : c);
        }
        return b.toString();
    }

    private void checkBody(String fn) {
        if (!state.loading()) {
            throw new LuaError("'" + fn + "' is not available outside of body context");
        }
    }

    private Varargs registerService(Varargs a) {
        checkBody("register_service");
        String name = LuaObject.checkString(a, 1, "register_service");
        String mode = LuaObject.checkString(a, 2, "register_service");
        LuaFunction f = a.checkfunction(3);
        if (!mode.equals("http") && !mode.equals("tcp")) {
            throw new LuaError("Lua service environment '" + mode + "' is unknown. 'tcp' or 'http' are expected.");
        }
        registrations.register(Registrations.Kind.SERVICE, name, mode, List.of(), 0, state, f);
        return LuaValue.NONE;
    }

    private Varargs registerAction(Varargs a) {
        checkBody("register_action");
        String name = LuaObject.checkString(a, 1, "register_action");
        LuaTable types = a.checktable(2);
        LuaFunction f = a.checkfunction(3);
        int nbArgs = a.narg() >= 4 && !a.arg(4).isnil() ? (int) LuaObject.checkInteger(a, 4, "register_action") : 0;
        List<String> envs = new ArrayList<>();
        for (int i = 1; i <= types.length(); i++) {
            String t = types.get(i).checkjstring();
            if (!List.of("tcp-req", "tcp-res", "http-req", "http-res", "http-after-res").contains(t)) {
                throw new LuaError("Lua action environment '" + t + "' is unknown. 'tcp-req', 'tcp-res', 'http-req', 'http-res' or 'http-after-res' are expected.");
            }
            envs.add(t);
        }
        registrations.register(Registrations.Kind.ACTION, name, null, envs, nbArgs, state, f);
        return LuaValue.NONE;
    }

    private Varargs registerNamed(Varargs a, Registrations.Kind kind, String fn) {
        checkBody(fn);
        String name = LuaObject.checkString(a, 1, fn);
        registrations.register(kind, name, null, List.of(), 0, state, a.checkfunction(2));
        return LuaValue.NONE;
    }

    private Varargs registerInit(Varargs a) {
        checkBody("register_init");
        registrations.addInit(new LuaFunctionRef("init", state, a.checkfunction(1)));
        return LuaValue.NONE;
    }

    private Varargs registerTask(Varargs a) {
        LuaFunctionRef ref = new LuaFunctionRef("task", state, a.checkfunction(1));
        Varargs args = a.subargs(2);
        if (state.loading()) {
            registrations.addTask(ref, args);
        } else {
            host.startTask(ref, args);
        }
        return LuaValue.NONE;
    }

    private static Varargs sleep(long ms) {
        Invocation inv = Invocation.current();
        if (inv == null || inv.context() == ExecContext.BODY || inv.context() == ExecContext.INIT) {
            return LuaValue.NONE; // HAProxy: sleeping in the body or init does nothing
        }
        if (ms > 0) {
            inv.blockingWait(WaitReason.SLEEP, () -> Thread.sleep(ms));
        }
        return LuaValue.NONE;
    }

    private static Varargs yieldNow() {
        Invocation inv = Invocation.current();
        if (inv != null && inv.context().mayYield()) {
            inv.blockingWait(WaitReason.RUNNING, Thread::yield);
        }
        return LuaValue.NONE;
    }

    private static Varargs now() {
        java.time.Instant now = java.time.Instant.now();
        LuaTable t = new LuaTable();
        t.rawset("sec", SampleConversions.integer(now.getEpochSecond()));
        t.rawset("usec", SampleConversions.integer(now.getNano() / 1000));
        return t;
    }
}

package io.luxy.lua.bind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.HaproxyTime;
import io.luxy.lua.api.Concat;
import io.luxy.lua.api.Core;
import io.luxy.lua.api.LuaHost;
import io.luxy.lua.engine.ExecContext;
import io.luxy.lua.engine.Invocation;
import io.luxy.lua.engine.Limits;
import io.luxy.lua.engine.LuaObject;
import io.luxy.lua.engine.LuaEngine;
import io.luxy.lua.engine.LuaFunctionRef;
import io.luxy.lua.engine.LuaOutcome;
import io.luxy.lua.engine.LuaReporter;
import io.luxy.lua.engine.Registrations;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * The Lua side of one generation: the states loaded from the {@code global} section's
 * {@code lua-load}, {@code lua-load-per-thread} and {@code lua-prepend-path} lines, the sample
 * registry extended with the scripts' {@code lua.*} fetches and converters, and the
 * {@link LuaHost} services the API needs (Vert.x, socket clients, proc variables, tasks).
 */
public final class LuaRuntime implements LuaHost {

    private final Vertx vertx;
    private final SampleRegistry nativeSamples;
    private final Map<String, Sample> procVars = new ConcurrentHashMap<>();
    /** Variables HAProxy sets in its environment, seen by {@code os.getenv} before the process's. */
    private final Map<String, String> env = new ConcurrentHashMap<>();
    private volatile NetClient plain;
    private volatile NetClient tls;
    private volatile io.vertx.core.http.HttpClient http;
    private LuaEngine engine;
    private SampleRegistry samples;
    private final List<Thread> tasks = new ArrayList<>();
    private volatile boolean stopped;
    private final io.luxy.sample.Maps maps = new io.luxy.sample.Maps();
    private final List<io.luxy.lua.api.CliCommand> cliCommands = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long startMillis = System.currentTimeMillis();
    private volatile int threads = 1;
    private volatile io.luxy.proxy.ProxyModel model;

    static {
        LuaObject.unscoped(Concat.class); // a plain string builder: it may outlive its transaction
        // proxy views, maps and regexes belong to the generation, not to a transaction (HAProxy keeps them)
        for (Class<?> c : List.of(io.luxy.lua.api.Proxy.class, io.luxy.lua.api.LuaServer.class, io.luxy.lua.api.Listener.class,
                io.luxy.lua.api.LuaMap.class, io.luxy.lua.api.Regex.class)) {
            LuaObject.unscoped(c);
        }
    }

    private LuaRuntime(Vertx vertx, SampleRegistry nativeSamples) {
        this.vertx = vertx;
        this.nativeSamples = nativeSamples;
    }

    /**
     * Loads the scripts of {@code config}'s global section (see {@link #load(List, Diagnostics, Vertx, int)}),
     * then does what HAProxy 2.6 does once the whole configuration is parsed: the {@code proc.}
     * variables the configuration references exist (without a value), and
     * {@code os.getenv("HAPROXY_CFGFILES")} gives the configuration files, ";"-separated as they
     * were loaded (nil while the scripts' main chunks run, as in HAProxy).
     */
    public static LuaRuntime load(io.luxy.config.ConfigFile config, Diagnostics diag, Vertx vertx, int threads) {
        return load(config, diag, vertx, threads, SampleRegistry.builtin());
    }

    /**
     * Like {@link #load(io.luxy.config.ConfigFile, Diagnostics, Vertx, int)} over {@code natives},
     * the built-in fetches bound to the generation (e.g. {@link SampleRegistry#withUserlists}),
     * which {@code txn.f} and the config's rules see.
     */
    public static LuaRuntime load(io.luxy.config.ConfigFile config, Diagnostics diag, Vertx vertx, int threads, SampleRegistry natives) {
        LuaRuntime rt = load(config.global(), diag, vertx, threads, natives);
        for (io.luxy.config.Section section : config.sections()) {
            for (Directive d : section.directives()) {
                io.luxy.sample.Vars.declareReferenced(d.text(), rt.procVars);
            }
        }
        rt.env.put("HAPROXY_CFGFILES", String.join(";", config.sources().stream().map(Path::toString).toList()));
        return rt;
    }

    /**
     * Loads every script named in {@code global}; failures are added to {@code diag} as HAProxy
     * reports them ({@code parsing [file:line] : error in Lua file 'x.lua': …}).
     * {@code vertx} is null in check mode. {@code threads} sizes {@code lua-load-per-thread}.
     */
    public static LuaRuntime load(List<Directive> global, Diagnostics diag, Vertx vertx, int threads) {
        return load(global, diag, vertx, threads, SampleRegistry.builtin());
    }

    private static LuaRuntime load(List<Directive> global, Diagnostics diag, Vertx vertx, int threads, SampleRegistry natives) {
        LuaRuntime rt = new LuaRuntime(vertx, natives);
        rt.threads = Math.max(1, threads);
        List<LuaEngine.Script> scripts = new ArrayList<>();
        List<String> prepend = new ArrayList<>();
        List<String> prependC = new ArrayList<>();
        java.util.Set<String> openlibs = io.luxy.lua.stdlib.OpenLibs.ALL;
        Map<LuaEngine.Script, Directive> origin = new java.util.HashMap<>();
        for (Directive d : global) {
            switch (d.keyword()) {
                case "lua-load", "lua-load-per-thread" -> {
                    if (d.arg(0) == null) {
                        continue;
                    }
                    LuaEngine.Script s = new LuaEngine.Script(Path.of(d.arg(0)), d.arg(0),
                            d.keyword().equals("lua-load-per-thread"), d.args().subList(1, d.args().size()));
                    scripts.add(s);
                    origin.put(s, d);
                }
                case "lua-prepend-path" -> {
                    if (d.arg(0) != null) {
                        ("cpath".equals(d.arg(1)) ? prependC : prepend).add(d.arg(0));
                    }
                }
                case "tune.lua.openlibs" -> {
                    try {
                        openlibs = io.luxy.lua.stdlib.OpenLibs.parse(d.arg(0));
                    } catch (IllegalArgumentException e) {
                        // reported by LuaKeywords
                    }
                }
                default -> {
                }
            }
        }
        Limits limits = limits(global);
        rt.engine = LuaEngine.load(scripts, new io.luxy.lua.stdlib.LuaLibraries(openlibs, prepend, prependC, rt.env), threads,
                (state, regs) -> {
                    state.limits(limits);
                    Core.install(state, regs, rt);
                },
                (script, message) -> diag.alert(origin.get(script).location(), message));
        SampleRegistry reg = rt.nativeSamples;
        Registrations regs = rt.engine.registrations();
        for (Registrations.Entry e : regs.all(Registrations.Kind.FETCH).values()) {
            reg = reg.withFetch("lua." + e.name(), new LuaFetch(rt, e));
        }
        for (Registrations.Entry e : regs.all(Registrations.Kind.CONVERTER).values()) {
            reg = reg.withConverter("lua." + e.name(), new LuaConverter(e));
        }
        rt.samples = reg;
        return rt;
    }

    /**
     * The {@code tune.lua.*} values of the {@code global} section, already validated by
     * {@link io.luxy.lua.LuaKeywords} (HAProxy: timeouts in milliseconds by default, maxmem in MB,
     * the last occurrence wins). Unparsable values keep the default.
     */
    static Limits limits(List<Directive> global) {
        Limits l = Limits.DEFAULTS;
        for (Directive d : global) {
            String v = d.arg(0);
            switch (d.keyword()) {
                case "tune.lua.forced-yield" -> l = new Limits(leadingLong(v), l.sessionTimeoutMs(), l.serviceTimeoutMs(), l.taskTimeoutMs(), l.maxmemBytes());
                case "tune.lua.session-timeout" -> l = new Limits(l.forcedYield(), millis(v, l.sessionTimeoutMs()), l.serviceTimeoutMs(), l.taskTimeoutMs(), l.maxmemBytes());
                case "tune.lua.service-timeout" -> l = new Limits(l.forcedYield(), l.sessionTimeoutMs(), millis(v, l.serviceTimeoutMs()), l.taskTimeoutMs(), l.maxmemBytes());
                case "tune.lua.task-timeout" -> l = new Limits(l.forcedYield(), l.sessionTimeoutMs(), l.serviceTimeoutMs(), millis(v, l.taskTimeoutMs()), l.maxmemBytes());
                case "tune.lua.maxmem" -> l = new Limits(l.forcedYield(), l.sessionTimeoutMs(), l.serviceTimeoutMs(), l.taskTimeoutMs(), leadingLong(v) * 1024 * 1024);
                default -> {
                }
            }
        }
        return l;
    }

    private static long millis(String v, long def) {
        if (v == null) {
            return def;
        }
        HaproxyTime.Result r = HaproxyTime.parseMillis(v);
        return r.ok() ? r.value() : def;
    }

    /** strtoll-like: an optional sign and digits; anything else (or nothing) is 0. */
    private static long leadingLong(String v) {
        if (v == null || !v.matches("[-+]?\\d{1,18}")) {
            return 0;
        }
        return Long.parseLong(v);
    }

    /** Registrations of the loaded scripts. */
    public Registrations registrations() {
        return engine.registrations();
    }

    /** Sample registry including the scripts' {@code lua.*} fetches and converters (for the config). */
    public SampleRegistry configSamples() {
        return samples;
    }

    /**
     * Runs the {@code core.register_init} functions in order. Returns false (after logging
     * HAProxy's "Lua init: …" line) when one fails: the generation must not start.
     */
    public boolean runInits() {
        for (LuaFunctionRef fn : engine.registrations().inits()) {
            LuaOutcome out = Invocation.call(fn, ExecContext.INIT, LuaValue.NONE);
            if (!LuaReporter.report("Lua init", fn, out)) {
                return false;
            }
        }
        return true;
    }

    /** Starts the tasks registered while loading. */
    public void startTasks() {
        for (Registrations.Task t : engine.registrations().tasks()) {
            startTask(t.function(), t.args());
        }
    }

    @Override
    public void startTask(LuaFunctionRef fn, Varargs args) {
        if (stopped) {
            return;
        }
        Thread th = Thread.ofVirtual().name("lua-task").start(() -> {
            LuaOutcome out = Invocation.call(fn, ExecContext.TASK, args);
            if (!stopped) { // a task interrupted because its generation retired is not an error
                LuaReporter.report("Lua task", fn, out);
            }
        });
        synchronized (tasks) {
            tasks.add(th);
        }
    }

    /** Stops tasks and socket clients (generation retired). */
    public void stop() {
        stopped = true;
        synchronized (tasks) {
            tasks.forEach(Thread::interrupt);
        }
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public NetClient netClient(boolean secure) {
        if (secure) {
            if (tls == null) {
                synchronized (this) {
                    if (tls == null) {
                        tls = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true).setHostnameVerificationAlgorithm(""));
                    }
                }
            }
            return tls;
        }
        if (plain == null) {
            synchronized (this) {
                if (plain == null) {
                    plain = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
                }
            }
        }
        return plain;
    }

    @Override
    public SampleRegistry samples() {
        return nativeSamples;
    }

    @Override
    public Map<String, Sample> procVars() {
        return procVars;
    }

    /**
     * Gives the scripts the generation's proxies, once built: fills {@code core.proxies},
     * {@code core.backends} and {@code core.frontends} of every state (HAProxy does it after
     * parsing the configuration, so the body context sees them empty).
     */
    public void model(io.luxy.proxy.ProxyModel m) {
        this.model = m;
        if (engine == null) {
            return;
        }
        List<io.luxy.lua.engine.LuaState> states = new ArrayList<>();
        states.add(engine.shared());
        states.addAll(engine.perThread());
        for (io.luxy.lua.engine.LuaState st : states) {
            LuaValue core = st.globals().get("core");
            if (core.istable()) {
                io.luxy.lua.api.Proxy.install((org.luaj.vm2.LuaTable) core, m);
            }
        }
    }

    @Override
    public io.luxy.proxy.ProxyModel model() {
        return model;
    }

    @Override
    public io.vertx.core.http.HttpClient httpClient() {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setConnectTimeout(5000)
                            .setDecompressionSupported(false));
                }
            }
        }
        return http;
    }

    @Override
    public io.luxy.sample.Maps maps() {
        return maps;
    }

    @Override
    public void registerCli(io.luxy.lua.api.CliCommand command) {
        cliCommands.add(command);
    }

    /** The {@code core.register_cli} commands of the scripts, in registration order (for the runtime API). */
    public List<io.luxy.lua.api.CliCommand> cliCommands() {
        return List.copyOf(cliCommands);
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public long startMillis() {
        return startMillis;
    }
}

package io.luxy.lua.stdlib;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The standard libraries of one Luxy Lua state, as HAProxy loads them (all of them unless
 * {@code tune.lua.openlibs} restricts), with LuaJ 3.0.1's differences from Lua 5.3 fixed:
 * string.format, patterns, string.rep/pack/unpack, tostring, pairs/__pairs, print to the log,
 * math and table additions, utf8, os.date/clock/execute/exit, io.popen, and coroutines on
 * virtual threads. {@code path}/{@code cpath} are the {@code lua-prepend-path} entries in
 * config order (later entries are searched first, as in HAProxy).
 *
 * @param libs the libraries of {@link OpenLibs} to load (base and coroutine always are)
 * @param env variables HAProxy sets in its environment ({@code HAPROXY_CFGFILES}), read live by {@code os.getenv}
 */
public record LuaLibraries(Set<String> libs, List<String> path, List<String> cpath, Map<String, String> env) {

    /** Every library and no prepended path. */
    public static final LuaLibraries DEFAULT = new LuaLibraries(OpenLibs.ALL, List.of(), List.of());

    /** Without environment variables of HAProxy's own ({@code os.getenv} sees the process's). */
    public LuaLibraries(Set<String> libs, List<String> path, List<String> cpath) {
        this(libs, path, cpath, Map.of());
    }

    public LuaLibraries {
        libs = Set.copyOf(libs);
        path = List.copyOf(path);
        cpath = List.copyOf(cpath);
    }

    /** A copy with the given {@code lua-prepend-path} entries. */
    public LuaLibraries withPaths(List<String> newPath, List<String> newCpath) {
        return new LuaLibraries(libs, newPath, newCpath, env);
    }

    /** Loads the libraries into a fresh {@code g} and installs the compiler. */
    public void install(Globals g) {
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        g.load(new StringLib()); // always: strings share one metatable in the JVM (LuaEngine freezes it)
        g.load(new JseMathLib());
        if (libs.contains("io")) {
            g.load(new IoLib());
        }
        if (libs.contains("os")) {
            g.load(new OsLib(env));
        }
        LoadState.install(g);
        LuaC.install(g);
        CoroutineLib.install(g);
        BaseFunctions.install(g);
        LuaValue loaded = g.get("package").get("loaded");
        BaseFunctions.installTable((LuaTable) g.get("table"));
        BaseFunctions.installMath((LuaTable) g.get("math"));
        StringFunctions.install((LuaTable) g.get("string"));
        LuaTable utf8 = Utf8Lib.create();
        g.set("utf8", utf8);
        loaded.set("utf8", utf8);
        LuaValue pkg = g.get("package");
        pkg.set("path", prepend(path, pkg.get("path").tojstring()));
        pkg.set("cpath", prepend(cpath, pkg.get("cpath").isnil() ? "" : pkg.get("cpath").tojstring()));
        for (String lib : List.of("table", "string", "math", "utf8", "package")) {
            if (!libs.contains(lib)) {
                g.set(lib, LuaValue.NIL);
                loaded.set(lib, LuaValue.NIL);
            }
        }
        if (!libs.contains("package")) {
            g.set("require", LuaValue.NIL);
        }
    }

    private static String prepend(List<String> entries, String current) {
        String p = current;
        for (String e : entries) {
            p = p.isEmpty() ? e : e + ";" + p;
        }
        return p;
    }
}

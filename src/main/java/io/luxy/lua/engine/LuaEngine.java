package io.luxy.lua.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import io.luxy.lua.stdlib.LuaLibraries;

/**
 * Loads the scripts of one generation: the shared {@code lua-load} state (id 0) and, when
 * {@code lua-load-per-thread} is used, one state per event loop (ids 1..n), each with the
 * standard libraries (no luajava: scripts get no access to the JVM) and HAProxy's API as
 * installed by the {@link StateInitializer}. Main chunks run in config order, as HAProxy runs
 * each file when it parses its {@code lua-load} line.
 */
public final class LuaEngine {

    /** Installs HAProxy's classes ({@code core}, {@code act}…) into a fresh state. */
    @FunctionalInterface
    public interface StateInitializer {
        void init(LuaState state, Registrations registrations);
    }

    /** One {@code lua-load}/{@code lua-load-per-thread} line: the script path and its arguments. */
    public record Script(Path path, String shownName, boolean perThread, List<String> args) {
    }

    private static final Object STRING_META_LOCK = new Object();
    private static volatile boolean stringMetaFrozen;

    private final LuaState shared;
    private final List<LuaState> perThread;
    private final Registrations registrations;

    private LuaEngine(LuaState shared, List<LuaState> perThread, Registrations registrations) {
        this.shared = shared;
        this.perThread = perThread;
        this.registrations = registrations;
    }

    /**
     * Creates the states and runs every script's main chunk. {@code prependPaths} are
     * {@code lua-prepend-path} patterns (later ones are searched first); {@code threads} is the
     * number of per-thread states to create when any script is per-thread.
     *
     * @throws LuaLoadException with HAProxy's message when a script is missing, does not
     *         compile, or fails in its main chunk; the failing script is named by the caller's line
     */
    public static LuaEngine load(List<Script> scripts, List<String> prependPaths, int threads,
                                 StateInitializer initializer, ScriptFailure onFailure) {
        return load(scripts, LuaLibraries.DEFAULT.withPaths(prependPaths, List.of()), threads, initializer, onFailure);
    }

    /**
     * Same as {@link #load(List, List, int, StateInitializer, ScriptFailure)} with the
     * libraries chosen by {@code tune.lua.openlibs} and the {@code lua-prepend-path} entries
     * for {@code package.path} and {@code package.cpath}.
     */
    public static LuaEngine load(List<Script> scripts, LuaLibraries libraries, int threads,
                                 StateInitializer initializer, ScriptFailure onFailure) {
        boolean anyPerThread = scripts.stream().anyMatch(Script::perThread);
        int n = anyPerThread ? Math.max(1, threads) : 0;
        Registrations regs = new Registrations(n);
        LuaState shared = newState(0, libraries, initializer, regs);
        List<LuaState> per = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            per.add(newState(i, libraries, initializer, regs));
        }
        for (Script s : scripts) {
            try {
                if (s.perThread()) {
                    for (LuaState st : per) {
                        runMainChunk(st, s);
                    }
                } else {
                    runMainChunk(shared, s);
                }
            } catch (LuaLoadException e) {
                onFailure.failed(s, e.getMessage());
            }
        }
        shared.endLoading();
        per.forEach(LuaState::endLoading);
        return new LuaEngine(shared, List.copyOf(per), regs);
    }

    /** Receives each script that failed to load, with HAProxy's message. */
    @FunctionalInterface
    public interface ScriptFailure {
        void failed(Script script, String message);
    }

    private static LuaState newState(int id, LuaLibraries libraries, StateInitializer initializer, Registrations regs) {
        Globals g = new Globals();
        libraries.install(g);
        freezeStringMetatable(g);
        LuaState state = new LuaState(id, g);
        if (LUAJC) {
            LuaCompiler.install(state);
        }
        initializer.init(state, regs);
        return state;
    }

    /**
     * Scripts are compiled to JVM bytecode with LuaJ's luajc ({@link LuaCompiler}, ~4x faster Lua,
     * src/bench/README.md) unless the system property {@code luxy.lua.luajc} is {@code false}.
     * Compiled code obeys {@code tune.lua.*} like interpreted code ({@link LimitInstrumenter}).
     */
    static final boolean LUAJC = !"false".equalsIgnoreCase(System.getProperty("luxy.lua.luajc", "true").trim());

    /**
     * LuaJ keeps one string metatable for the whole JVM, so a script changing
     * {@code getmetatable("").__index} would change strings in every state. Point it once at a
     * read-only copy of the string library (TOOLCHAIN.md 4b).
     */
    private static void freezeStringMetatable(Globals g) {
        synchronized (STRING_META_LOCK) {
            if (stringMetaFrozen) {
                LuaString.s_metatable = FrozenStringMeta.META;
                return;
            }
            FrozenStringMeta.init(g.get("string"));
            LuaString.s_metatable = FrozenStringMeta.META;
            stringMetaFrozen = true;
        }
    }

    private static final class FrozenStringMeta {
        static LuaTable META;

        static void init(LuaValue stringLib) {
            LuaTable copy = new LuaTable();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = stringLib.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                copy.rawset(k, n.arg(2));
            }
            LuaTable ro = new LuaTable();
            LuaTable roMeta = new LuaTable();
            roMeta.rawset("__index", copy);
            roMeta.rawset("__newindex", LuaClassBuilder.function("string.__newindex", a -> {
                throw new LuaError("the shared string metatable is read-only in Luxy");
            }));
            roMeta.rawset("__metatable", LuaValue.FALSE);
            ro.setmetatable(roMeta);
            META = LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, ro, LuaValue.valueOf("__metatable"), ro});
        }
    }

    private static void runMainChunk(LuaState state, Script s) throws LuaLoadException {
        byte[] code;
        try {
            code = Files.readAllBytes(s.path());
        } catch (NoSuchFileException e) {
            throw new LuaLoadException("error in Lua file '" + s.shownName() + "': cannot open " + s.shownName() + ": No such file or directory");
        } catch (IOException e) {
            throw new LuaLoadException("error in Lua file '" + s.shownName() + "': cannot read " + s.shownName() + ": " + e.getMessage());
        }
        LuaValue chunk;
        try (InputStream in = new java.io.ByteArrayInputStream(LuaSyntax.rewriteUnicodeEscapes(code))) {
            chunk = state.globals().load(in, s.shownName(), "bt", state.globals());
        } catch (LuaError e) {
            throw new LuaLoadException("error in Lua file '" + s.shownName() + "': " + LuaSyntax.explain(e.getMessage(), code));
        } catch (IOException e) {
            throw new LuaLoadException("error in Lua file '" + s.shownName() + "': " + e.getMessage());
        }
        LuaValue[] args = s.args().stream().map(LuaValue::valueOf).toArray(LuaValue[]::new);
        LuaOutcome out = Invocation.call(new LuaFunctionRef(s.shownName(), state, chunk.checkfunction()),
                ExecContext.BODY, LuaValue.varargsOf(args));
        if (out instanceof LuaOutcome.Failed f) {
            throw new LuaLoadException("Lua runtime error: " + f.message());
        }
    }

    /** The shared state (id 0). */
    public LuaState shared() {
        return shared;
    }

    /** Per-thread states (ids 1..n), empty when no script is per-thread. */
    public List<LuaState> perThread() {
        return perThread;
    }

    /** What the scripts registered. */
    public Registrations registrations() {
        return registrations;
    }
}

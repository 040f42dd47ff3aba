package io.luxy.lua.engine;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.luajc.JavaGen;

/**
 * The {@link Globals.Loader} that compiles the chunks a state loads while its scripts' main
 * chunks run (its {@code lua-load} files and what they {@code require}/{@code load}) to JVM
 * bytecode with LuaJ's luajc, instrumented by {@link LimitInstrumenter} so that
 * {@code tune.lua.*} limits and error positions work as in the interpreter. Each chunk gets its own
 * class loader, so its classes are unloaded with the generation that loaded it (reload).
 * <p>
 * Falls back to the previous loader (LuaJ's interpreter) for a chunk that luajc or the
 * instrumentation cannot compile (e.g. a function over the JVM's 64 KB method limit), and for
 * every chunk loaded after the state finished loading: a {@code load()} called per request
 * would otherwise define classes per request.
 */
final class LuaCompiler implements Globals.Loader {

    private static final Logger LOG = Logger.getLogger("luxy.lua");
    private static final AtomicLong FALLBACKS = new AtomicLong();

    private final LuaState state;
    private final LimitTicks ticks;
    private final Globals.Loader interpreter;

    private LuaCompiler(LuaState state, LimitTicks ticks, Globals.Loader interpreter) {
        this.state = state;
        this.ticks = ticks;
        this.interpreter = interpreter;
    }

    /**
     * Makes {@code state} compile the chunks it loads from now on while it is loading. Returns
     * false (and changes nothing) when luajc's classes (BCEL) or the limits hook are missing.
     */
    static boolean install(LuaState state) {
        Globals g = state.globals();
        LimitTicks ticks = InstructionHook.ticksOf(g);
        if (ticks == null || g.loader == null || g.loader instanceof LuaCompiler) {
            return false;
        }
        try {
            Class.forName("org.apache.bcel.generic.ClassGen", false, LuaCompiler.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.warning("luajc cannot load (" + e + "); scripts stay interpreted");
            return false;
        }
        g.loader = new LuaCompiler(state, ticks, g.loader);
        return true;
    }

    /** Chunks run interpreted because luajc or the instrumentation failed on them (JVM-wide). */
    static long fallbacks() {
        return FALLBACKS.get();
    }

    @Override
    public LuaFunction load(Prototype p, String chunkname, LuaValue env) throws IOException {
        if (!state.loading()) {
            return interpreter.load(p, chunkname, env);
        }
        try {
            return compile(p, chunkname, env);
        } catch (Exception | LinkageError | StackOverflowError e) {
            FALLBACKS.incrementAndGet();
            LOG.log(Level.FINE, e, () -> "luajc could not compile " + chunkname + "; it runs interpreted");
            return interpreter.load(p, chunkname, env);
        }
    }

    private LuaFunction compile(Prototype p, String chunkname, LuaValue env) throws ReflectiveOperationException {
        String source = p.source != null ? p.source.tojstring() : chunkname;
        String main = className(chunkname);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        collect(new JavaGen(p, main, source, false), classes);
        ChunkLoader loader = new ChunkLoader(classes);
        for (String name : classes.keySet().toArray(String[]::new)) {
            Class<?> c = loader.loadClass(name); // defines and verifies: a bad class fails here, not at run time
            c.getField(LimitInstrumenter.TICKS_FIELD).set(null, ticks);
            c.getField(LimitInstrumenter.SOURCE_FIELD).set(null, source);
        }
        LuaFunction f = (LuaFunction) loader.loadClass(main).getDeclaredConstructor().newInstance();
        f.initupvalue1(env);
        return f;
    }

    private static void collect(JavaGen gen, Map<String, byte[]> out) {
        out.put(gen.classname, LimitInstrumenter.instrument(gen.bytecode));
        if (gen.inners != null) {
            for (JavaGen inner : gen.inners) {
                collect(inner, out);
            }
        }
    }

    /** A Java class name (no package) from a chunk name: {@code "lua_" + its letters and digits}. */
    static String className(String chunkname) {
        String base = chunkname == null ? "chunk" : chunkname.replaceFirst("^.*[/\\\\]", "").replaceFirst("\\.lua$", "");
        StringBuilder b = new StringBuilder("lua_");
        for (int i = 0; i < base.length() && b.length() < 64; i++) {
            char c = base.charAt(i);
            b.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return b.toString();
    }

    /** Defines one chunk's classes; unreachable (and its classes unloadable) once its functions are. */
    static final class ChunkLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        ChunkLoader(Map<String, byte[]> classes) {
            super(LuaCompiler.class.getClassLoader());
            this.classes = new HashMap<>(classes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b;
            synchronized (classes) {
                b = classes.remove(name);
            }
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}

package io.luxy.lua.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Varargs;

/**
 * What the scripts of one generation registered through {@code core.register_*}: services,
 * actions, sample fetches, converters (by name, one function per state: one for {@code lua-load},
 * one per thread for {@code lua-load-per-thread}), init functions and tasks. Registering a name
 * twice replaces the first, as in HAProxy (which warns).
 */
public final class Registrations {

    /** The kinds of named registration, after HAProxy's register_* functions. */
    public enum Kind { SERVICE, ACTION, FETCH, CONVERTER }

    /**
     * One named registration. {@code mode} is "http"/"tcp" for services; {@code actionTypes}
     * the action environments ("http-req"…); {@code nbArgs} the action's argument count.
     */
    public record Entry(Kind kind, String name, String mode, List<String> actionTypes, int nbArgs, LuaFunctionRef[] byState) {

        /** The function to run for an invocation arriving on event-loop/thread {@code threadIndex}. */
        public LuaFunctionRef forThread(int threadIndex) {
            return byState.length == 1 ? byState[0] : byState[Math.floorMod(threadIndex, byState.length)];
        }

        /** True when the function lives in per-thread states. */
        public boolean perThread() {
            return byState.length > 1;
        }
    }

    /** A task to start with the scheduler, with its arguments. */
    public record Task(LuaFunctionRef function, Varargs args) {
    }

    private final Map<Kind, Map<String, Entry>> named = new LinkedHashMap<>();
    private final List<LuaFunctionRef> inits = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final int perThreadStates;

    /** Registrations for a generation with {@code perThreadStates} per-thread states (0 when none). */
    public Registrations(int perThreadStates) {
        this.perThreadStates = perThreadStates;
        for (Kind k : Kind.values()) {
            named.put(k, new LinkedHashMap<>());
        }
    }

    /** Records a named registration from {@code state} (state 0 = shared, 1..n = per thread). */
    public synchronized void register(Kind kind, String name, String mode, List<String> actionTypes, int nbArgs,
                                      LuaState state, LuaFunction fn) {
        LuaFunctionRef ref = new LuaFunctionRef(name, state, fn);
        Map<String, Entry> byName = named.get(kind);
        Entry previous = byName.get(name);
        LuaFunctionRef[] refs;
        if (state.id() == 0) {
            refs = new LuaFunctionRef[] {ref};
        } else {
            refs = previous != null && previous.perThread() ? previous.byState().clone() : new LuaFunctionRef[perThreadStates];
            refs[state.id() - 1] = ref;
        }
        if (previous != null && (state.id() <= 1)) {
            warnings.add("Lua " + kind.name().toLowerCase() + " '" + name + "' is already registered; the new one replaces it");
        }
        byName.put(name, new Entry(kind, name, mode, List.copyOf(actionTypes), nbArgs, refs));
    }

    /** Records a {@code core.register_init} function. */
    public synchronized void addInit(LuaFunctionRef fn) {
        inits.add(fn);
    }

    /** Records a {@code core.register_task} function and its arguments. */
    public synchronized void addTask(LuaFunctionRef fn, Varargs args) {
        tasks.add(new Task(fn, args));
    }

    /** The registration of {@code kind} named {@code name}, or null. */
    public synchronized Entry get(Kind kind, String name) {
        return named.get(kind).get(name);
    }

    /** Every registration of a kind, by name. */
    public synchronized Map<String, Entry> all(Kind kind) {
        return Map.copyOf(named.get(kind));
    }

    /** Init functions in registration order. */
    public synchronized List<LuaFunctionRef> inits() {
        return List.copyOf(inits);
    }

    /** Tasks in registration order. */
    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** Warnings such as duplicate registrations. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }
}

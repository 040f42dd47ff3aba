package io.luxy.lua.stdlib;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The value of {@code tune.lua.openlibs} (HAProxy 3.4): {@code all} (the default), {@code none},
 * or a comma-separated list of {@code table,io,os,string,math,utf8,package,debug}; {@code none}
 * cannot be mixed with names. The base and coroutine libraries are always loaded. Luxy never
 * gives scripts {@code debug} (nor LuaJ's {@code luajava}); naming it is accepted.
 */
public final class OpenLibs {

    /** The library names HAProxy 3.4 accepts. */
    public static final List<String> NAMES = List.of("table", "io", "os", "string", "math", "utf8", "package", "debug");

    /** Every library (HAProxy's default). */
    public static final Set<String> ALL = Set.copyOf(NAMES);

    private OpenLibs() {
    }

    /**
     * Parses the keyword's argument.
     *
     * @throws IllegalArgumentException with the message to report at the keyword's line
     */
    public static Set<String> parse(String arg) {
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("'tune.lua.openlibs' expects 'all', 'none' or a comma-separated list of "
                    + String.join(", ", NAMES) + ".");
        }
        if (arg.equals("all")) {
            return ALL;
        }
        if (arg.equals("none")) {
            return Set.of();
        }
        Set<String> libs = new LinkedHashSet<>();
        for (String name : arg.split(",", -1)) {
            String n = name.trim();
            if (n.equals("none") || n.equals("all")) {
                throw new IllegalArgumentException("'tune.lua.openlibs': '" + n + "' cannot be combined with other libraries.");
            }
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException("'tune.lua.openlibs': unknown library '" + n + "' (expects "
                        + String.join(", ", NAMES) + ", or 'all' or 'none').");
            }
            libs.add(n);
        }
        return Set.copyOf(libs);
    }
}

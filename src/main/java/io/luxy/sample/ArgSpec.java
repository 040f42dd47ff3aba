package io.luxy.sample;

import java.util.List;
import java.util.function.Function;

/**
 * The arguments a fetch or converter accepts, checked once at parse time as HAProxy's
 * {@code make_arg_list} and the keyword's {@code val_args} callback do (src/arg.c).
 *
 * @param min       number of mandatory arguments
 * @param types     type of each positional argument; null means any number of strings
 * @param validator extra check returning HAProxy's error text, or null when valid; may be null
 */
public record ArgSpec(int min, List<ArgType> types, Function<List<String>, String> validator) {

    /** No arguments allowed. */
    public static final ArgSpec NONE = new ArgSpec(0, List.of(), null);

    /** Any number of optional string arguments (Lua fetches and converters). */
    public static final ArgSpec ANY = new ArgSpec(0, null, null);

    /** {@code min} mandatory arguments among {@code types}. */
    public static ArgSpec of(int min, ArgType... types) {
        return new ArgSpec(min, List.of(types), null);
    }

    /** The same spec with a validator returning an error message or null. */
    public ArgSpec validatedBy(Function<List<String>, String> check) {
        return new ArgSpec(min, types, check);
    }

    /** Maximum number of arguments, or {@link Integer#MAX_VALUE} for {@link #ANY}. */
    public int max() {
        return types == null ? Integer.MAX_VALUE : types.size();
    }
}

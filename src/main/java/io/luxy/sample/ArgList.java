package io.luxy.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text between parentheses into sample arguments as HAProxy 2.6 {@code make_arg_list}
 * does: comma separated, single quotes literal, double quotes and backslash escape one char.
 */
record ArgList(List<String> args, int[] starts, int end) {

    /** Parses from {@code pos} (just after '('); {@code end} is the index after ')'; null when ')' is missing. */
    static ArgList parse(String text, int pos) {
        List<String> args = new ArrayList<>(2);
        int[] starts = new int[8];
        StringBuilder cur = new StringBuilder();
        int i = pos;
        int argStart = pos;
        char quote = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',' || c == ')') {
                if (c == ')' && args.isEmpty() && i == pos) {
                    return new ArgList(List.of(), new int[0], i + 1);
                }
                if (args.size() == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, starts.length * 2);
                }
                starts[args.size()] = argStart;
                args.add(cur.toString());
                cur.setLength(0);
                if (c == ')') {
                    return new ArgList(List.copyOf(args), starts, i + 1);
                }
                argStart = i + 1;
            } else {
                cur.append(c);
            }
            i++;
        }
        return null;
    }
}

package io.luxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits one haproxy.cfg line into words as HAProxy 2.6's {@code parse_line()} (src/tools.c) does
 * with PARSE_OPT_ENV, DQUOTE, SQUOTE, BKSLASH, SHARP and WORD_EXPAND: blanks separate words,
 * {@code #} starts a comment, double quotes allow {@code \} escapes and {@code "$VAR"},
 * {@code "${VAR}"}, {@code "${VAR-default}"} and {@code "${VAR[*]}"} expansion, single quotes
 * keep everything literally, and outside quotes {@code \ }, {@code \#}, {@code \\}, {@code \"},
 * {@code \'}, {@code \t}, {@code \n}, {@code \r} and {@code \xHH} are escapes.
 */
final class LineTokenizer {

    /** The words of a line, or the error HAProxy reports with the 0-based offset of the faulty character. */
    record Result(List<String> words, Error error, int errorPos) {
    }

    /** parse_line()'s PARSE_ERR_* values that readcfgfile() reports. */
    enum Error {
        QUOTE("unmatched quote"),
        BRACE("unmatched brace in environment variable name"),
        VARNAME("forbidden first char in environment variable name"),
        HEX("truncated or invalid hexadecimal sequence"),
        WRONG_EXPAND("truncated or invalid word expansion sequence");

        final String text;

        Error(String text) {
            this.text = text;
        }
    }

    private LineTokenizer() {
    }

    /**
     * Tokenizes {@code in} (one line without its end of line); {@code env} resolves variable names
     * (including the pseudo-variables {@code .LINE}, {@code .FILE}, {@code .SECTION}) or returns null.
     */
    static Result split(String in, Function<String, String> env) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean squote = false;
        boolean dquote = false;
        int quote = -1;
        int i = 0;
        int n = in.length();
        while (i < n) {
            char c = in.charAt(i);
            if (c == '\n' || c == '\r') {
                break;
            } else if (c == '#' && !squote && !dquote) {
                break;
            } else if (c == '"' && !squote) {
                dquote = !dquote;
                quote = dquote ? i : -1;
                i++;
            } else if (c == '\'' && !dquote) {
                squote = !squote;
                quote = squote ? i : -1;
                i++;
            } else if (c == '\\' && !squote) {
                char next = i + 1 < n ? in.charAt(i + 1) : '\0';
                char tosend = c;
                switch (next) {
                    case ' ', '\\', '#', '\'', '"' -> {
                        tosend = next;
                        i++;
                    }
                    case 't' -> {
                        tosend = '\t';
                        i++;
                    }
                    case 'n' -> {
                        tosend = '\n';
                        i++;
                    }
                    case 'r' -> {
                        tosend = '\r';
                        i++;
                    }
                    case '$' -> {
                        if (dquote) {
                            tosend = next;
                            i++;
                        }
                    }
                    case 'x' -> {
                        if (!isHex(charAt(in, i + 2)) || !isHex(charAt(in, i + 3))) {
                            return new Result(words, Error.HEX, i);
                        }
                        tosend = (char) Integer.parseInt(in.substring(i + 2, i + 4), 16);
                        i += 3;
                    }
                    default -> {
                        // other combinations are not escape sequences
                    }
                }
                i++;
                cur.append(tosend);
            } else if (isSpace(c) && !squote && !dquote) {
                while (i < n && isSpace(in.charAt(i))) {
                    i++;
                }
                words.add(cur.toString());
                cur.setLength(0);
            } else if (c == '$' && dquote) {
                i++;
                int brace = -1;
                if (charAt(in, i) == '{') {
                    brace = i++;
                }
                char first = charAt(in, i);
                if (!Character.isLetter(first) && first != '_' && first != '.') {
                    return new Result(words, Error.VARNAME, i);
                }
                int start = i;
                if (first == '.') {
                    i++;
                }
                while (i < n && (isAlnum(in.charAt(i)) || in.charAt(i) == '_')) {
                    i++;
                }
                String name = in.substring(start, i);
                String value = env.apply(name);
                if (name.startsWith(".") && value == null) {
                    return new Result(words, Error.VARNAME, start);
                }
                boolean wordExpand = false;
                if (charAt(in, i) == '[' && brace >= 0) {
                    int at = i;
                    if (charAt(in, i + 1) != '*' || charAt(in, i + 2) != ']') {
                        return new Result(words, Error.WRONG_EXPAND, at);
                    }
                    wordExpand = true;
                    i += 3;
                }
                if (brace >= 0) {
                    if (charAt(in, i) == '-') {
                        int end = in.indexOf('}', i);
                        if (end < 0) {
                            return new Result(words, Error.BRACE, brace);
                        }
                        if (value == null) {
                            value = in.substring(i + 1, end);
                        }
                        i = end;
                    } else if (charAt(in, i) != '}') {
                        return new Result(words, Error.BRACE, brace);
                    }
                    i++;
                }
                if (value != null) {
                    emitValue(value, wordExpand, cur, words);
                }
                // an unset variable expands to nothing: in 2.6, "${UNSET}" alone is an empty word
            } else {
                cur.append(c);
                i++;
            }
        }
        if (!cur.isEmpty()) {
            words.add(cur.toString());
        }
        if (quote >= 0) {
            return new Result(words, Error.QUOTE, quote);
        }
        return new Result(words, null, -1);
    }

    private static void emitValue(String value, boolean wordExpand, StringBuilder cur, List<String> words) {
        int j = 0;
        while (j < value.length()) {
            char v = value.charAt(j);
            if (wordExpand && isSpace(v)) {
                words.add(cur.toString());
                cur.setLength(0);
                while (j + 1 < value.length() && isSpace(value.charAt(j + 1))) {
                    j++;
                }
            } else {
                cur.append(v);
            }
            j++;
        }
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static boolean isAlnum(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

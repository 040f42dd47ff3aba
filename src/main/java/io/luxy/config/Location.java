package io.luxy.config;

/**
 * Where a directive came from: the file name as given on the command line and a 1-based line.
 * Printed as HAProxy prints it, {@code file:line}.
 */
public record Location(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}

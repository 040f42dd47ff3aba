package io.luxy.lua.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One conformance case: a folder under {@code src/test/resources/regtests/lua/<feature>/} holding
 * {@code haproxy.cfg}, one or more {@code .lua} files, {@code expect.txt} (parsed by
 * {@link Exchange#parseAll}) and optional marker files: {@code SKIP} (the case is not run; its
 * text is the reason, e.g. an API Luxy lacks in this branch) and {@code LUXY-DIFFERS} (HAProxy is
 * checked, Luxy's known difference is reported as skipped; the case fails once Luxy conforms, so
 * the marker gets removed) and {@code HAPROXY-DIFFERS} (HAProxy 2.6.12 departs from its own
 * documentation there: only Luxy is checked, against the documented expectations).
 *
 * <p>Placeholders, replaced in every text file of the case before a run: {@code @P1@}..{@code @P4@}
 * (free loopback ports, fresh per run) and {@code @DIR@} (the folder holding the copied files).
 */
record ConformanceCase(String name, Path dir, List<Exchange> exchanges, Optional<String> skip, Optional<String> luxyDiffers,
        Optional<String> haproxyDiffers) {

    /** The suite's root folder. */
    static final Path ROOT = Path.of("src/test/resources/regtests/lua").toAbsolutePath();

    /** Number of {@code @Pn@} placeholders filled per run. */
    static final int PORTS = 4;

    /** Every case folder, sorted by name. */
    static List<ConformanceCase> all() throws IOException {
        List<ConformanceCase> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                out.add(load(d));
            }
        }
        return out;
    }

    /** Reads one case folder. */
    static ConformanceCase load(Path d) throws IOException {
        return new ConformanceCase(d.getFileName().toString(), d,
                Exchange.parseAll(Files.readString(d.resolve("expect.txt"), StandardCharsets.UTF_8)), marker(d, "SKIP"),
                marker(d, "LUXY-DIFFERS"), marker(d, "HAPROXY-DIFFERS"));
    }

    private static Optional<String> marker(Path d, String file) throws IOException {
        Path f = d.resolve(file);
        return Files.exists(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
    }

    /**
     * Copies the case's files to a fresh temp folder with placeholders replaced and returns it.
     *
     * @param ports the values of {@code @P1@}..{@code @P4@}
     */
    Path materialise(int[] ports) throws IOException {
        Path out = Files.createTempDirectory("regtest-" + name);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.writeString(out.resolve(f.getFileName().toString()), fill(Files.readString(f), ports, out));
            }
        }
        return out;
    }

    /** Replaces the placeholders in {@code text}. */
    static String fill(String text, int[] ports, Path dir) {
        String t = text.replace("@DIR@", dir.toString());
        for (int i = 0; i < ports.length; i++) {
            t = t.replace("@P" + (i + 1) + "@", Integer.toString(ports[i]));
        }
        return t;
    }

    @Override
    public String toString() {
        return name;
    }
}

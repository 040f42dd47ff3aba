package io.luxy.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder written exactly as the kubelet writes a ConfigMap volume (atomic_writer.go): the
 * files live in a timestamped folder {@code ..2026_11_23_20_00_00.N}, {@code ..data} is a
 * symlink to it, and each key is a symlink {@code key -> ..data/key}. An update writes a new
 * timestamped folder, points a new {@code ..data_tmp} symlink at it, renames it over
 * {@code ..data}, and deletes the old folder.
 */
final class ConfigMapVolume {

    private final Path dir;
    private int version;

    ConfigMapVolume(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The path a pod reads for {@code key}. */
    Path path(String key) {
        return dir.resolve(key);
    }

    /** Writes (first time) or updates every key, as one atomic switch. */
    void write(Map<String, String> files) throws IOException {
        Path old = Files.isSymbolicLink(dir.resolve("..data")) ? dir.resolve(Files.readSymbolicLink(dir.resolve("..data"))) : null;
        Path ts = dir.resolve(String.format("..2026_11_23_20_00_00.%09d", ++version));
        Files.createDirectories(ts);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Files.writeString(ts.resolve(e.getKey()), e.getValue());
        }
        Path tmp = dir.resolve("..data_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, ts.getFileName());
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String key : files.keySet()) {
            Path link = dir.resolve(key);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data").resolve(key));
            }
        }
        if (old != null) {
            try (Stream<Path> s = Files.walk(old)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

package io.luxy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * kustomize reads ConfigMap files only from below its own folder (symlinks are refused), so
 * k8s/base keeps copies of lua/ and config/haproxy.cfg (k8s/sync.sh). This keeps them from drifting.
 */
class ManifestCopiesTest {

    @Test
    void k8sLuaScripts_matchTheShippedOnes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("lua"))) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".lua")).sorted().toList();
            for (Path p : scripts) {
                assertEquals(Files.readString(p), Files.readString(Path.of("k8s/base/lua").resolve(p.getFileName())),
                        p + " differs from its k8s/base copy: run k8s/sync.sh");
            }
        }
    }

    @Test
    void k8sConfig_differsFromTheShippedOneOnlyInLuaPaths() throws IOException {
        String shipped = Files.readString(Path.of("config/haproxy.cfg"))
                .replaceAll("(?m)^(\\s*lua-(?:load|load-per-thread)\\s+)lua/", "$1/etc/luxy/lua/");
        String k8s = Files.readString(Path.of("k8s/base/haproxy.cfg"));
        assertEquals(shipped, k8s.substring(k8s.indexOf('\n') + 1), "k8s/base/haproxy.cfg is stale: run k8s/sync.sh");
    }
}

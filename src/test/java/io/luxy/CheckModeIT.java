package io.luxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged launcher behaves like {@code haproxy -c -f FILE}: exit 0 with "Configuration file
 * is valid" for the shipped config, exit 1 with HAProxy's message for the seed 000 typo.
 */
class CheckModeIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String[] cmd = new String[args.length + 3];
        cmd[0] = java;
        cmd[1] = "-jar";
        cmd[2] = "target/quarkus-app/quarkus-run.jar";
        System.arraycopy(args, 0, cmd, 3, args.length);
        Path out = Files.createTempFile("luxy-out", ".txt");
        Path err = Files.createTempFile("luxy-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not exit");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shippedConfig_isValid() throws Exception {
        Run r = run("-c", "-f", "config/haproxy.cfg");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Configuration file is valid"), r.out());
    }

    @Test
    void seedTypo_isRefusedWithLineKeywordAndSuggestion() throws Exception {
        Path cfg = Files.createTempFile("seed000", ".cfg");
        Files.writeString(cfg, """
                global
                    lua-load lua/checktcp.lua

                frontend fe_main
                    bind *:80
                    default_backend checktcp

                backed checktcp
                  mode http
                  http-request use-service lua.checktcp
                """);
        Run r = run("-c", "-f", cfg.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("parsing [" + cfg + ":8] : unknown keyword 'backed' in 'frontend' section; did you mean 'backend' maybe ?"),
                r.err());
    }
}

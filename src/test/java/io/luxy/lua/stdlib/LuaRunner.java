package io.luxy.lua.stdlib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import io.luxy.lua.engine.LuaEngine;

/** Runs a Lua script on Luxy's engine (print captured from the log) or on /usr/bin/lua5.3. */
final class LuaRunner {

    static final Path LUA53 = Path.of("/usr/bin/lua5.3");

    private LuaRunner() {
    }

    /** Output of {@code code} in a Luxy state: printed lines, then "LOAD ERROR: msg" on failure. */
    static String luxy(Path dir, String code, LuaLibraries libs) throws IOException {
        Path file = dir.resolve("snippet.lua");
        Files.writeString(file, code);
        List<String> lines = new ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("luxy.lua");
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLoggerName().equals("luxy.lua")) {
                    synchronized (lines) {
                        lines.add(r.getMessage());
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        List<String> errors = new ArrayList<>();
        try {
            LuaEngine.load(List.of(new LuaEngine.Script(file, "snippet.lua", false, List.of())), libs, 0,
                    (state, regs) -> { }, (s, msg) -> errors.add(msg));
        } finally {
            log.removeHandler(h);
        }
        StringBuilder sb = new StringBuilder();
        synchronized (lines) {
            lines.forEach(l -> sb.append(l).append('\n'));
        }
        errors.forEach(e -> sb.append("LOAD ERROR: ").append(e).append('\n'));
        return sb.toString();
    }

    /** Output of {@code code} on lua5.3 (stdout, then stderr). */
    static String lua53(Path dir, String code) throws IOException, InterruptedException {
        Path file = dir.resolve("snippet.lua");
        Files.writeString(file, code);
        Process p = new ProcessBuilder(LUA53.toString(), "snippet.lua").directory(dir.toFile())
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(20, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }
}

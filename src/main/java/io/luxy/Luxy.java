package io.luxy;

import java.util.ArrayList;
import java.util.List;

import io.luxy.config.HaproxyDiagnosticsPrinter;
import io.luxy.reload.Generation;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The launcher, with HAProxy's options: {@code -f FILE|DIR} (repeatable) names the
 * configuration, {@code -c} checks it (parse, Lua load, proxies) and exits 0 when valid or 1,
 * printing HAProxy-style messages. Without {@code -f}, {@code LUXY_CONFIG} or the
 * {@code luxy.config} property names it. An invalid configuration never starts listening.
 */
@QuarkusMain
public final class Luxy {

    private Luxy() {
    }

    /** Entry point: {@code java -jar quarkus-run.jar [-c] -f haproxy.cfg [-f more.cfg]}. */
    public static void main(String... args) {
        List<String> files = new ArrayList<>();
        boolean check = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-f" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : Cannot load configuration file/directory : -f needs an argument");
                        System.exit(1);
                    }
                    files.add(args[++i]);
                }
                case "-c" -> check = true;
                default -> rest.add(args[i]);
            }
        }
        String config = !files.isEmpty() ? String.join(",", files)
                : System.getenv("LUXY_CONFIG") != null ? System.getenv("LUXY_CONFIG")
                : System.getProperty("luxy.config", "config/haproxy.cfg");
        System.setProperty("luxy.config", config);
        Generation.Built built = Generation.build(0, ConfigPaths.parse(config), null, 1);
        long pid = ProcessHandle.current().pid();
        for (String line : HaproxyDiagnosticsPrinter.stderr(built.diagnostics(), pid)) {
            System.err.println(line);
        }
        if (check || built.generation() == null) {
            if (check) {
                HaproxyDiagnosticsPrinter.stdout(built.diagnostics()).forEach(System.out::println);
            }
            System.exit(built.generation() == null ? 1 : 0);
        }
        Quarkus.run(rest.toArray(String[]::new));
    }
}

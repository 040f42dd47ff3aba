package io.luxy.config;

import io.luxy.config.mapping.BackendConfig;
import io.luxy.config.mapping.FrontendConfig;
import io.luxy.config.mapping.LuxyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the effective {@link LuxyConfig} values back into the AST where a higher-ordinal source
 * (application.properties, an environment variable) changed them: bind addresses, mode,
 * default_backend, timeouts, server address and weight. A rewritten directive keeps the location
 * of the one it replaces (or of its section when it is new), so the runtime reads only the AST.
 */
public final class ConfigOverrides {

    private ConfigOverrides() {
    }

    /** The AST with every overridden value applied; {@code ast} itself is unchanged. */
    public static ConfigFile apply(ConfigFile ast, LuxyConfig cfg) {
        List<Section> out = new ArrayList<>();
        for (Section s : ast.sections()) {
            List<Directive> ds = new ArrayList<>(s.directives());
            if (s.kind().hasFrontend() && cfg.frontends().containsKey(s.name())) {
                frontend(s, ds, cfg.frontends().get(s.name()));
            }
            if (s.kind().hasBackend() && cfg.backends().containsKey(s.name())) {
                backend(s, ds, cfg.backends().get(s.name()));
            }
            out.add(ds.equals(s.directives()) ? s : new Section(s.kind(), s.name(), s.location(), ds, s.defaults()));
        }
        return new ConfigFile(ast.sources(), out);
    }

    private static void frontend(Section s, List<Directive> ds, FrontendConfig fc) {
        common(s, ds, fc.mode(), fc.timeout());
        fc.defaultBackend().ifPresent(v -> single(s, ds, "default_backend", List.of(v)));
        fc.bind().ifPresent(addrs -> binds(s, ds, addrs));
    }

    private static void backend(Section s, List<Directive> ds, BackendConfig bc) {
        common(s, ds, bc.mode(), bc.timeout());
        bc.balance().ifPresent(v -> {
            Optional<Directive> cur = s.inherited("balance");
            if (cur.isEmpty() || !v.equals(cur.get().arg(0))) {
                single(s, ds, "balance", List.of(v));
            }
        });
        for (Map.Entry<String, BackendConfig.ServerConfig> e : bc.servers().entrySet()) {
            server(s, ds, e.getKey(), e.getValue());
        }
    }

    private static void common(Section s, List<Directive> ds, Optional<String> mode, Map<String, String> timeouts) {
        mode.ifPresent(v -> single(s, ds, "mode", List.of(v)));
        for (Map.Entry<String, String> t : timeouts.entrySet()) {
            Optional<Directive> cur = s.inherited("timeout", t.getKey());
            if (cur.isEmpty() || !t.getValue().equals(cur.get().arg(1))) {
                Location loc = cur.filter(d -> s.directives().contains(d)).map(Directive::location).orElse(s.location());
                ds.removeIf(d -> d.keyword().equals("timeout") && t.getKey().equals(d.arg(0)));
                ds.add(new Directive("timeout", List.of(t.getKey(), t.getValue()), loc));
            }
        }
    }

    /** Sets a one-line keyword (mode, default_backend, balance) when the effective value differs. */
    private static void single(Section s, List<Directive> ds, String keyword, List<String> args) {
        Optional<Directive> cur = s.inherited(keyword);
        if (cur.isPresent() && cur.get().args().equals(args)) {
            return;
        }
        Location loc = s.last(keyword).map(Directive::location).orElse(s.location());
        ds.removeIf(d -> d.keyword().equals(keyword));
        ds.add(new Directive(keyword, args, loc));
    }

    private static void binds(Section s, List<Directive> ds, List<String> addrs) {
        List<Directive> old = s.all("bind");
        if (old.stream().map(d -> d.arg(0)).toList().equals(addrs)) {
            return;
        }
        int at = old.isEmpty() ? ds.size() : ds.indexOf(old.get(0));
        ds.removeIf(d -> d.keyword().equals("bind"));
        for (int i = 0; i < addrs.size(); i++) {
            Directive was = i < old.size() ? old.get(i) : null;
            List<String> args = new ArrayList<>();
            args.add(addrs.get(i));
            if (was != null) {
                args.addAll(was.args().subList(1, was.args().size()));
            }
            ds.add(Math.min(at + i, ds.size()), new Directive("bind", args, was != null ? was.location() : s.location()));
        }
    }

    private static void server(Section s, List<Directive> ds, String name, BackendConfig.ServerConfig sc) {
        int idx = -1;
        for (int i = 0; i < ds.size(); i++) {
            if (ds.get(i).keyword().equals("server") && name.equals(ds.get(i).arg(0))) {
                idx = i;
            }
        }
        if (idx < 0) {
            List<String> args = new ArrayList<>(List.of(name, sc.address()));
            sc.weight().ifPresent(w -> args.addAll(List.of("weight", w)));
            ds.add(new Directive("server", args, s.location()));
            return;
        }
        Directive d = ds.get(idx);
        List<String> args = new ArrayList<>(d.args());
        args.set(1, sc.address());
        sc.weight().ifPresent(w -> {
            int wi = args.indexOf("weight");
            if (wi > 1 && wi + 1 < args.size()) {
                args.set(wi + 1, w);
            } else {
                args.addAll(List.of("weight", w));
            }
        });
        if (!Objects.equals(args, d.args())) {
            ds.set(idx, new Directive("server", args, d.location()));
        }
    }
}

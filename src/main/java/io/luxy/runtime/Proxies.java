package io.luxy.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.Server;

/**
 * The proxies of one generation as HAProxy's runtime API sees them: one entry per section
 * (a listen section is one proxy with a frontend and a backend half), ordered by proxy id
 * ({@code iid}), with look-ups by name and {@code backend/server}.
 */
public final class Proxies {

    /** One proxy: id, name, and its frontend and/or backend half (either may be null). */
    public record Px(int id, String name, Frontend frontend, Backend backend) {
    }

    private final ProxyModel model;
    private final List<Px> ordered;
    private final io.luxy.config.ConfigFile config;

    /** The proxies of {@code model}, built from {@code config} (null when unknown). */
    public Proxies(ProxyModel model, io.luxy.config.ConfigFile config) {
        this.model = model;
        this.config = config;
        Map<Integer, Px> byId = new LinkedHashMap<>();
        for (Frontend f : model.frontends()) {
            byId.put(f.id(), new Px(f.id(), f.name(), f, null));
        }
        for (Backend b : model.backends().values()) {
            Px p = byId.get(b.id());
            byId.put(b.id(), new Px(b.id(), b.name(), p == null ? null : p.frontend(), b));
        }
        List<Px> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparingInt(Px::id));
        this.ordered = List.copyOf(list);
    }

    /** The {@code balance} algorithm name of {@code be} (HAProxy's default {@code roundrobin}). */
    public String algo(Backend be) {
        if (config == null) {
            return "roundrobin";
        }
        return config.backend(be.name()).flatMap(s -> s.inherited("balance")).map(d -> d.arg(0)).orElse("roundrobin");
    }

    /** The global {@code maxconn}, or {@code dflt} when not set. */
    public int globalMaxconn(int dflt) {
        if (config != null) {
            for (io.luxy.config.Directive d : config.global()) {
                if (d.keyword().equals("maxconn") && d.arg(0) != null) {
                    try {
                        return Integer.parseInt(d.arg(0));
                    } catch (NumberFormatException e) {
                        return dflt;
                    }
                }
            }
        }
        return dflt;
    }

    /** The model these proxies come from. */
    public ProxyModel model() {
        return model;
    }

    /** Every proxy by increasing id. */
    public List<Px> all() {
        return ordered;
    }

    /** The backend named {@code name} (or with id {@code #N}), or null. */
    public Backend backend(String name) {
        if (name.startsWith("#")) {
            for (Px p : ordered) {
                if (p.backend() != null && ("#" + p.id()).equals(name)) {
                    return p.backend();
                }
            }
            return null;
        }
        return model.backends().get(name);
    }

    /** The frontend named {@code name}, or null. */
    public Frontend frontend(String name) {
        for (Frontend f : model.frontends()) {
            if (f.name().equals(name) || ("#" + f.id()).equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The server of {@code be}: by name, or {@code #N} for its id (position from 1). */
    public static Server server(Backend be, String name) {
        if (name.startsWith("#")) {
            List<Server> s = be.servers();
            for (int i = 0; i < s.size(); i++) {
                if (("#" + sid(be, s.get(i))).equals(name)) {
                    return s.get(i);
                }
            }
            return null;
        }
        return be.server(name);
    }

    /** The server id ({@code sid}): its {@code id} setting, else its position in the backend from 1. */
    public static int sid(Backend be, Server s) {
        if (s.settings().id() > 0) {
            return s.settings().id();
        }
        return be.servers().indexOf(s) + 1;
    }
}

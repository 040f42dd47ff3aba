package io.luxy.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.luxy.config.ConfigFile;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.balance.Balancer;
import io.luxy.proxy.balance.Balancers;
import io.luxy.proxy.check.HealthCheckSpec;
import io.luxy.proxy.http.ErrorFiles;
import io.luxy.proxy.log.AccessLog;
import io.luxy.proxy.rules.BackendLookup;
import io.luxy.proxy.rules.BackendSwitch;
import io.luxy.proxy.rules.HttpRule;
import io.luxy.proxy.rules.RuleParser;
import io.luxy.proxy.rules.TcpRule;
import io.luxy.sample.Acl;
import io.luxy.sample.Condition;
import io.luxy.sample.LogFormat;
import io.luxy.sample.Maps;
import io.luxy.sample.SampleParseException;
import io.luxy.sample.SampleRegistry;
import io.luxy.config.Diagnostic;

/**
 * Builds the {@link ProxyModel} of a generation from the parsed configuration and the loaded Lua
 * runtime: backends first (servers, balance, http-request rules), then frontends (binds, rules,
 * use_backend, default_backend). Problems are added to the diagnostics with file:line, in
 * HAProxy's words; the caller refuses the generation when any alert was added.
 */
public final class ProxyBuilder {

    private final ConfigFile config;
    private final LuaRuntime lua;
    private final Diagnostics diag;
    private final Map<Section, Integer> ids = new java.util.IdentityHashMap<>(); // proxy ids (iid) as HAProxy numbers them
    private final BackendLookup backendLookup;
    private final Maps maps;
    private final SampleRegistry samples;

    public ProxyBuilder(ConfigFile config, LuaRuntime lua, Diagnostics diag) {
        this.config = config;
        this.lua = lua;
        this.diag = diag;
        this.backendLookup = new BackendLookup(config);
        this.maps = lua.maps(); // shared with Lua's Map.new and core.set_map
        this.samples = lua.configSamples().forGeneration(backendLookup, maps);
        // HAProxy numbers proxies in file order, from 2 when a stats socket's internal proxy took 1
        int id = config.global().stream().anyMatch(d -> d.keyword().equals("stats") && "socket".equals(d.arg(0))) ? 2 : 1;
        for (Section s : config.proxies()) {
            ids.put(s, id++);
        }
    }

    /** Builds every proxy. */
    public ProxyModel build() {
        Map<String, Backend> backends = new LinkedHashMap<>();
        for (Section s : config.proxies()) {
            if (s.kind().hasBackend()) {
                Backend b = backend(s);
                backends.put(s.name(), b);
                backendLookup.add(b);
            }
        }
        List<Frontend> frontends = new ArrayList<>();
        for (Section s : config.proxies()) {
            if (s.kind().hasFrontend()) {
                frontends.add(frontend(s, backends));
            }
        }
        return new ProxyModel(List.copyOf(frontends), Map.copyOf(backends), maps);
    }

    private static Mode mode(Section s) {
        return s.inherited("mode").map(d -> "http".equals(d.arg(0)) ? Mode.HTTP : Mode.TCP).orElse(Mode.TCP);
    }

    private static Timeouts timeouts(Section s) {
        return new Timeouts(timeout(s, "connect"), timeout(s, "client"), timeout(s, "server"), timeout(s, "http-request"),
                timeout(s, "http-keep-alive"), timeout(s, "queue"), timeout(s, "tunnel"), timeout(s, "check"),
                timeout(s, "client-fin"), timeout(s, "server-fin"));
    }

    private static long timeout(Section s, String which) {
        return s.inherited("timeout", which).map(d -> io.luxy.config.HaproxyTime.parseMillis(d.arg(1))).filter(io.luxy.config.HaproxyTime.Result::ok)
                .map(io.luxy.config.HaproxyTime.Result::value).orElse(0L);
    }

    private RuleParser rules(Section s) {
        Map<String, Acl> acls = new LinkedHashMap<>();
        RuleParser parser = new RuleParser(s, lua, acls, diag, samples);
        for (Directive d : s.all("acl")) {
            parser.acl(d);
        }
        return parser;
    }

    private Backend backend(Section s) {
        RuleParser parser = rules(s);
        List<HttpRule> httpRules = s.kind() == io.luxy.config.SectionKind.LISTEN ? List.of() : parser.httpRules();
        List<Server> servers = servers(s);
        List<HttpRule> responseRules = s.kind() == io.luxy.config.SectionKind.LISTEN ? List.of() : parser.httpResponseRules();
        return new Backend(s.name(), ids.get(s), mode(s), httpRules, responseRules, List.copyOf(servers), balancer(s, servers),
                timeouts(s), BackendOptions.from(s, diag), HealthCheckSpec.from(s, diag), ErrorFiles.from(s, diag),
                tcpResponse(s, parser));
    }

    /** The section's {@code tcp-response content} rules and {@code tcp-response inspect-delay}. */
    private static io.luxy.proxy.rules.TcpResponseRules tcpResponse(Section s, RuleParser parser) {
        List<TcpRule> rules = parser.tcpResponseRules();
        long delay = 0;
        for (Directive d : s.all("tcp-response")) {
            if ("inspect-delay".equals(d.arg(0)) && d.arg(1) != null) {
                io.luxy.config.HaproxyTime.Result t = io.luxy.config.HaproxyTime.parseMillis(d.arg(1));
                delay = t.ok() ? t.value() : delay;
            }
        }
        return rules.isEmpty() && delay == 0 ? io.luxy.proxy.rules.TcpResponseRules.NONE : new io.luxy.proxy.rules.TcpResponseRules(rules, delay);
    }

    private Balancer balancer(Section s, List<Server> servers) {
        return Balancers.from(s, servers, diag, samples);
    }

    private List<Server> servers(Section s) {
        return new ServerParser(s, diag).parseAll();
    }

    private Frontend frontend(Section s, Map<String, Backend> backends) {
        RuleParser parser = rules(s);
        List<Bind> binds = new ArrayList<>();
        for (Directive d : s.all("bind")) {
            binds.addAll(io.luxy.proxy.tls.BindParser.parse(d, s, diag));
        }
        List<BackendSwitch> switches = new ArrayList<>();
        for (Directive d : s.all("use_backend")) {
            Condition c = parser.condition(d, 1);
            String name = d.arg(0);
            if (name != null && name.contains("%[")) {
                try {
                    LogFormat fmt = LogFormat.parse(name, samples, LogFormat.Mode.HTTP);
                    switches.add(new BackendSwitch(null, fmt, Map.copyOf(backends), c));
                } catch (SampleParseException e) {
                    diag.alert(d.location(), Diagnostic.Style.PARSING_CAPITAL, "failed to parse use_backend rule '" + name + "' : "
                            + e.getMessage() + ".");
                }
                continue;
            }
            Backend b = backends.get(name);
            if (b != null) {
                switches.add(new BackendSwitch(b, c));
            }
        }
        Backend def = s.inherited("default_backend").map(d -> backends.get(d.arg(0))).orElse(null);
        if (s.kind() == io.luxy.config.SectionKind.LISTEN) {
            def = backends.get(s.name());
        }
        List<TcpRule> tcpRules = parser.tcpRules();
        List<HttpRule> httpRules = parser.httpRules();
        Mode declared = mode(s);
        Mode effective = declared;
        if (declared == Mode.TCP && tcpRules.stream().noneMatch(r -> r.action() instanceof io.luxy.proxy.rules.TcpAction.UseService)
                && def != null && def.mode() == Mode.HTTP) {
            effective = Mode.HTTP; // HAProxy 2.x upgrades a tcp stream switching to an http backend
        }
        boolean needsLua = mentionsLua(s) || (def != null && config.backend(def.name()).map(ProxyBuilder::mentionsLua).orElse(false))
                || switches.stream().anyMatch(sw -> sw.backend() == null
                        ? sw.backends().keySet().stream().anyMatch(n -> config.backend(n).map(ProxyBuilder::mentionsLua).orElse(false))
                        : config.backend(sw.backend().name()).map(ProxyBuilder::mentionsLua).orElse(false));
        return new Frontend(s.name(), ids.get(s), effective, List.copyOf(binds), parser.tcpConnectionRules(), tcpRules, httpRules,
                parser.httpResponseRules(), parser.httpAfterResponseRules(), List.copyOf(switches), def, timeouts(s),
                FrontendOptions.from(s, diag).withStats(StatsSettings.from(s, parser, diag))
                        .withUniqueId(io.luxy.proxy.log.UniqueId.from(s, lua.configSamples(), diag)), AccessLog.from(s, config.global(), lua.configSamples(), diag), ErrorFiles.from(s, diag), needsLua);
    }

    private static boolean mentionsLua(Section s) {
        for (Directive d : s.directives()) {
            if ((d.keyword().startsWith("http-") || d.keyword().startsWith("tcp-request") || d.keyword().equals("acl")
                    || d.keyword().equals("use_backend")) && d.text().contains("lua.")) {
                return true;
            }
        }
        return false;
    }
}

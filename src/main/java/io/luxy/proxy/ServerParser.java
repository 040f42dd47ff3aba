package io.luxy.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.HaproxyTime;
import io.luxy.config.Location;
import io.luxy.config.Section;
import io.luxy.proxy.ServerSettings.ServerTls;
import io.luxy.proxy.check.CheckSettings;

/**
 * Builds the servers of one backend from its {@code server NAME ADDR:PORT [options]} lines, after
 * the {@code default-server} lines of its defaults section and those of the section above each
 * server (HAProxy doc/configuration.txt 5: a server line starts from the defaults in effect, its
 * own keywords win). Values were checked by {@link ProxyKeywords}; this class adds the checks
 * HAProxy makes when it creates servers: unique ids, a CA file when {@code ssl} verifies, and DNS
 * names that resolve ({@code could not resolve address 'x'}).
 */
public final class ServerParser {

    private final Section section;
    private final Diagnostics diag;
    private final Map<Integer, Directive> ids = new HashMap<>();
    private boolean resolveFailed;

    /** A parser for the servers of {@code section}. */
    public ServerParser(Section section, Diagnostics diag) {
        this.section = section;
        this.diag = diag;
    }

    /** Every server of the section in file order (servers with errors are left out, with an alert). */
    public List<Server> parseAll() {
        Opts defaults = new Opts();
        if (section.defaults() != null) {
            for (Directive d : section.defaults().all("default-server")) {
                defaults.apply(d, 0);
            }
        }
        List<Directive> servers = new ArrayList<>();
        List<Opts> opts = new ArrayList<>();
        for (Directive d : section.directives()) {
            if (d.keyword().equals("default-server")) {
                defaults.apply(d, 0);
            } else if (d.keyword().equals("server") && d.arg(1) != null) {
                Opts o = defaults.copy();
                o.apply(d, 2);
                servers.add(d);
                opts.add(o);
                if (o.id > 0) {
                    Directive prev = ids.putIfAbsent(o.id, d);
                    if (prev != null) {
                        diag.alert(d.location(), Diagnostic.Style.BRACKET, prefixOf(d) + "'id' : custom id " + o.id + " already used at "
                                + prev.location() + " ('server " + prev.arg(0) + "').");
                    }
                }
            }
        }
        List<Server> out = new ArrayList<>();
        int nextId = 1;
        for (int i = 0; i < servers.size(); i++) {
            Directive d = servers.get(i);
            Opts o = opts.get(i);
            if (o.id <= 0) {
                while (ids.containsKey(nextId)) {
                    nextId++;
                }
                o.id = nextId;
                ids.put(nextId, d);
            }
            Server s = build(d, o);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private String prefixOf(Directive d) {
        return "'server " + section.name() + "/" + d.arg(0) + "' : ";
    }

    private Server build(Directive d, Opts o) {
        BindAddress a = BindAddress.parse(d.arg(1));
        Location loc = d.location();
        if (a == null) {
            diag.alert(loc, Diagnostic.Style.BRACKET, prefixOf(d) + "missing port number in '" + d.arg(1) + "', <addr:port> expected.");
            return null;
        }
        if (!resolvable(a.host())) {
            diag.alert(loc, Diagnostic.Style.BRACKET, prefixOf(d) + "could not resolve address '" + a.host() + "'.");
            if (!resolveFailed) {
                resolveFailed = true;
                diag.alert(loc, Diagnostic.Style.NONE, "Failed to initialize server(s) addr.");
            }
            return null;
        }
        if (o.ssl && o.verify && o.caFile == null) {
            diag.alert(loc, Diagnostic.Style.BRACKET, prefixOf(d) + "verify is enabled by default but no CA file specified. If you're "
                    + "running on a LAN where you're certain to trust the server's certificate, please set an explicit 'verify none' "
                    + "statement on the 'server' line, or use 'ssl-server-verify none' in the global section to disable server-side "
                    + "verifications by default.");
            return null;
        }
        CheckSettings.Agent agent = null;
        if (o.agentCheck) {
            if (o.agentPort <= 0) {
                diag.alert(loc, Diagnostic.Style.BRACKET, prefixOf(d) + "server " + d.arg(0) + " does not have agent port. Agent check "
                        + "has been disabled.");
            } else {
                agent = new CheckSettings.Agent(o.agentPort, o.agentInter > 0 ? o.agentInter : o.inter, o.agentAddr, o.agentSend);
            }
        }
        CheckSettings check = new CheckSettings(o.check, o.inter, o.fastinter > 0 ? o.fastinter : o.inter,
                o.downinter > 0 ? o.downinter : o.inter, o.rise, o.fall, o.checkPort, o.checkAddr, o.checkSsl, o.slowstart, agent);
        ServerTls tls = o.ssl || o.proto != null ? new ServerTls(o.ssl, o.verify, o.caFile, o.sni, o.alpn, o.proto) : ServerTls.NONE;
        return new Server(new ServerSettings(d.arg(0), o.id, a.host(), a.port(), o.weight, o.backup, o.disabled, o.maxconn,
                o.maxqueue, check, tls));
    }

    /** True for an IP literal or a DNS name that resolves now. */
    private static boolean resolvable(String host) {
        if (host.isEmpty() || Character.digit(host.charAt(0), 16) >= 0 && host.chars().allMatch(c -> c == '.' || c == ':'
                || Character.digit(c, 16) >= 0)) {
            return true;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The options a {@code server} line accumulates, starting from the {@code default-server} ones. */
    private static final class Opts implements Cloneable {
        int id;
        int weight = 1;
        boolean check;
        long inter = 2000;
        long fastinter;
        long downinter;
        int rise = 2;
        int fall = 3;
        boolean backup;
        boolean disabled;
        int maxconn;
        int maxqueue;
        boolean ssl;
        boolean verify = true;
        String caFile;
        String sni;
        String alpn;
        String proto;
        int checkPort;
        String checkAddr;
        boolean checkSsl;
        long slowstart;
        boolean agentCheck;
        int agentPort;
        long agentInter;
        String agentAddr;
        String agentSend;

        Opts copy() {
            try {
                Opts o = (Opts) clone();
                o.id = 0;
                return o;
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Applies the keywords of {@code d} from argument {@code from} on. */
        void apply(Directive d, int from) {
            for (int i = from; d.arg(i) != null; i++) {
                String v = d.arg(i + 1);
                switch (d.arg(i)) {
                    case "check" -> check = true;
                    case "no-check" -> check = false;
                    case "backup" -> backup = true;
                    case "no-backup" -> backup = false;
                    case "disabled" -> disabled = true;
                    case "enabled" -> disabled = false;
                    case "ssl" -> ssl = true;
                    case "check-ssl" -> checkSsl = true;
                    case "agent-check" -> agentCheck = true;
                    case "no-agent-check" -> agentCheck = false;
                    case "agent-port" -> agentPort = ProxyKeywords.atoi(v);
                    case "agent-inter" -> agentInter = millis(v, agentInter);
                    case "agent-addr" -> agentAddr = v;
                    case "agent-send" -> agentSend = v;
                    case "no-check-ssl" -> checkSsl = false;
                    case "slowstart" -> slowstart = millis(v, slowstart);
                    case "no-ssl" -> ssl = false;
                    case "weight" -> weight = Math.min(256, ProxyKeywords.atoi(v));
                    case "inter" -> inter = millis(v, inter);
                    case "fastinter" -> fastinter = millis(v, fastinter);
                    case "downinter" -> downinter = millis(v, downinter);
                    case "rise" -> rise = Math.max(1, ProxyKeywords.atoi(v));
                    case "fall" -> fall = Math.max(1, ProxyKeywords.atoi(v));
                    case "maxconn" -> maxconn = ProxyKeywords.atoi(v);
                    case "maxqueue" -> maxqueue = ProxyKeywords.atoi(v);
                    case "verify" -> verify = !"none".equals(v);
                    case "ca-file" -> caFile = v;
                    case "sni" -> sni = v;
                    case "alpn" -> alpn = v;
                    case "proto" -> proto = v;
                    case "port" -> checkPort = ProxyKeywords.atoi(v);
                    case "addr" -> checkAddr = v;
                    case "id" -> id = ProxyKeywords.atoi(v);
                    default -> {
                        // other keywords (cookie, proto…) are accepted and not used yet
                    }
                }
                if (!ProxyKeywords.SERVER_FLAGS.contains(d.arg(i))) {
                    i++;
                }
            }
        }

        private static long millis(String v, long def) {
            HaproxyTime.Result t = v == null ? null : HaproxyTime.parseMillis(v);
            return t != null && t.ok() && t.value() > 0 ? t.value() : def;
        }
    }
}

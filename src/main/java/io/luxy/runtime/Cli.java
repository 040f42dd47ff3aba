package io.luxy.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import io.luxy.config.BestMatch;
import io.luxy.lua.api.CliCommand;
import io.luxy.lua.bind.LuaRuntime;
import io.luxy.proxy.Backend;
import io.luxy.proxy.Frontend;
import io.luxy.proxy.Server;

/**
 * The commands of HAProxy's runtime API (doc/management.txt 9.3) over one generation, with
 * HAProxy 2.6's output and error sentences. {@link #execute} runs one command line (commands
 * separated by {@code ;}) and writes each command's answer followed by the empty line that ends it
 * (or the {@code "\n> "} prompt in interactive mode). Changes act on the live {@link Server}
 * objects, so balancing and Lua see them at once.
 */
public final class Cli {

    /** HAProxy's help lines for the commands Luxy implements, sorted as HAProxy sorts them. */
    static final List<String> HELP = loadHelp();

    /** {@code show schema json}: HAProxy 2.6's JSON schema of the typed output, byte for byte. */
    static final String SCHEMA = String.join("\n", load("schema.json"));

    private final Proxies proxies;
    private final LuaRuntime lua;
    private final StatsCsv csv;
    private final int threads;
    private final MapCommands maps;

    /** Commands over {@code proxies}; {@code lua} (may be null) supplies {@code core.register_cli} commands. */
    public Cli(Proxies proxies, LuaRuntime lua, int threads) {
        this.proxies = proxies;
        this.lua = lua;
        this.threads = threads;
        this.csv = new StatsCsv(proxies, proxies.globalMaxconn(RuntimeApi.DEFAULT_MAXCONN));
        this.maps = new MapCommands(proxies.model().maps());
    }

    /** The proxies these commands act on (ids as {@code show stat} numbers them). */
    public Proxies proxies() {
        return proxies;
    }

    /** The {@code show info} keys and values (shared with the stats page and the Prometheus exporter). */
    public java.util.Map<String, String> info() {
        return ShowInfo.values(proxies, threads);
    }

    /** The CSV builder shared with the stats page. */
    public StatsCsv csv() {
        return csv;
    }

    /** Runs every command of {@code line} for {@code session}, writing answers to {@code out}. */
    public void execute(CliSession session, String line, Consumer<String> out) {
        List<String> commands = splitCommands(line);
        for (String c : commands) {
            List<String> args = words(c);
            StringBuilder b = new StringBuilder();
            run(session, args, b, out);
            if (session.quit()) {
                if (b.length() > 0) {
                    out.accept(b.toString());
                }
                return;
            }
            b.append(session.prompt() ? "\n> " : "\n");
            out.accept(b.toString());
        }
    }

    /** Splits a line on unescaped {@code ;}. */
    static List<String> splitCommands(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                cur.append(';');
                i++;
            } else if (ch == ';') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Splits a command on spaces and tabs; a backslash escapes the next character. */
    static List<String> words(String cmd) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean in = false;
        for (int i = 0; i < cmd.length(); i++) {
            char ch = cmd.charAt(i);
            if (ch == '\\' && i + 1 < cmd.length()) {
                cur.append(cmd.charAt(++i));
                in = true;
            } else if (ch == ' ' || ch == '\t' || ch == '\r') {
                if (in) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    in = false;
                }
            } else {
                cur.append(ch);
                in = true;
            }
        }
        if (in) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String arg(List<String> a, int i) {
        return i < a.size() ? a.get(i) : "";
    }

    private void run(CliSession s, List<String> a, StringBuilder b, Consumer<String> out) {
        String w0 = arg(a, 0);
        String w1 = arg(a, 1);
        switch (w0) {
            case "help" -> help(a.subList(1, a.size()), b);
            case "prompt" -> s.togglePrompt();
            case "quit" -> s.requestQuit();
            case "user" -> s.lower(CliSession.Level.USER);
            case "operator" -> s.lower(CliSession.Level.OPERATOR);
            case "show" -> show(s, a, b, out);
            case "get" -> {
                switch (w1) {
                    case "weight" -> getWeight(a, b);
                    case "map", "acl" -> {
                        if (level(s, CliSession.Level.OPERATOR, b)) {
                            maps.get(w1, a, b);
                        }
                    }
                    default -> unknown(a, b, out);
                }
            }
            case "set" -> set(s, a, b, out);
            case "add", "del", "clear" -> {
                if (w0.equals("clear") && w1.equals("counters")) {
                    boolean all = arg(a, 2).equals("all");
                    if (level(s, all ? CliSession.Level.ADMIN : CliSession.Level.OPERATOR, b)) {
                        clearCounters(all);
                    }
                } else if (w1.equals("map") || w1.equals("acl")) {
                    if (level(s, CliSession.Level.OPERATOR, b)) {
                        maps.change(w0, w1, a, b);
                    }
                } else if (!lua(a, b, out)) {
                    unknown(a, b, out);
                }
            }
            case "disable", "enable" -> enableDisable(s, w0.equals("enable"), a, b, out);
            default -> {
                if (!lua(a, b, out)) {
                    unknown(a, b, out);
                }
            }
        }
    }

    private static boolean level(CliSession s, CliSession.Level needed, StringBuilder b) {
        if (s.has(needed)) {
            return true;
        }
        b.append("Permission denied\n");
        return false;
    }

    private void show(CliSession s, List<String> a, StringBuilder b, Consumer<String> out) {
        switch (arg(a, 1)) {
            case "info" -> b.append(a.contains("json") ? TypedInfo.json(info()) : a.contains("typed") ? TypedInfo.typed(info())
                    : ShowInfo.text(proxies, threads));
            case "schema" -> {
                if (arg(a, 2).equals("json")) {
                    b.append(SCHEMA).append('\n');
                } else {
                    unknown(a, b, out);
                }
            }
            case "stat" -> showStat(a, b);
            case "backend" -> {
                b.append("# name\n");
                for (Proxies.Px p : proxies.all()) {
                    if (p.backend() != null) {
                        b.append(p.name()).append('\n');
                    }
                }
            }
            case "servers" -> {
                if (arg(a, 2).equals("state")) {
                    ServersState.append(proxies, a.size() > 3 ? a.get(3) : null, b);
                } else {
                    unknown(a, b, out);
                }
            }
            case "map", "acl" -> {
                if (level(s, CliSession.Level.OPERATOR, b)) {
                    maps.show(arg(a, 1), a, b);
                }
            }
            case "cli" -> {
                if (arg(a, 2).equals("level")) {
                    b.append(s.level().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
                } else {
                    unknown(a, b, out);
                }
            }
            default -> {
                if (!lua(a, b, out)) {
                    unknown(a, b, out);
                }
            }
        }
    }

    /** {@code show stat [{<iid>|<proxy>} <type> <sid>] [typed|json|up|no-maint]}. */
    private void showStat(List<String> a, StringBuilder b) {
        int i = 2;
        int iid = -1;
        int type = -1;
        int sid = -1;
        if (a.size() >= 5 && !isOption(a.get(2))) {
            String px = a.get(2);
            iid = px.matches("-?[0-9]+") ? Integer.parseInt(px) : idOf(px);
            if (iid == 0 && !px.equals("0")) {
                b.append("No such proxy.\n");
                return;
            }
            type = parseInt(a.get(3));
            sid = parseInt(a.get(4));
            i = 5;
        }
        boolean typed = false;
        boolean json = false;
        boolean upOnly = false;
        boolean noMaint = false;
        for (; i < a.size(); i++) {
            switch (a.get(i)) {
                case "typed" -> typed = true;
                case "json" -> json = true;
                case "up" -> upOnly = true;
                case "no-maint" -> noMaint = true;
                default -> {
                }
            }
        }
        StatsCsv.Filter f = new StatsCsv.Filter(iid, type, sid);
        List<StatsCsv.Row> rows = csv.rows(f);
        if (upOnly || noMaint) {
            boolean up = upOnly;
            rows = rows.stream().filter(r -> r.type() != 2 || keep(r.get("status"), up)).toList();
        }
        if (json) {
            b.append(TypedStat.json(rows));
        } else if (typed) {
            b.append(TypedStat.typed(rows));
        } else {
            b.append(StatFields.header());
            for (StatsCsv.Row r : rows) {
                b.append(String.join(",", r.cells())).append(",\n");
            }
        }
    }

    private static boolean keep(String status, boolean upOnly) {
        if (status.startsWith("MAINT")) {
            return false;
        }
        return !upOnly || status.startsWith("UP") || status.equals("no check") || status.equals("DRAIN");
    }

    private static boolean isOption(String w) {
        return w.equals("typed") || w.equals("json") || w.equals("up") || w.equals("no-maint") || w.equals("desc");
    }

    private int idOf(String name) {
        for (Proxies.Px p : proxies.all()) {
            if (p.name().equals(name)) {
                return p.id();
            }
        }
        return 0;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Resolves {@code be/srv}; on failure appends HAProxy's sentence and returns null. */
    private Server server(String spec, StringBuilder b) {
        int slash = spec.indexOf('/');
        if (slash < 0) {
            b.append("Require 'backend/server'.\n");
            return null;
        }
        Backend be = proxies.backend(spec.substring(0, slash));
        if (be == null) {
            b.append("No such backend.\n");
            return null;
        }
        Server s = Proxies.server(be, spec.substring(slash + 1));
        if (s == null) {
            b.append("No such server.\n");
        }
        return s;
    }

    private void getWeight(List<String> a, StringBuilder b) {
        if (a.size() < 3) {
            b.append("Require 'backend/server'.\n");
            return;
        }
        Server s = server(a.get(2), b);
        if (s != null) {
            b.append(s.weight()).append(" (initial ").append(s.initialWeight()).append(")\n");
        }
    }

    /** HAProxy's {@code server_parse_weight_change_request}: {@code N} or {@code N%} of the initial weight. */
    private static String weight(Server s, String value) {
        if (value.isEmpty()) {
            return "Require <weight> or <weight%>.\n";
        }
        try {
            int w;
            if (value.endsWith("%")) {
                int pct = Integer.parseInt(value.substring(0, value.length() - 1));
                if (pct < 0) {
                    return "Relative weight must be positive.\n";
                }
                w = s.initialWeight() * pct / 100;
                if (w > 256) {
                    w = 256;
                }
            } else {
                w = Integer.parseInt(value);
                if (w < 0 || w > 256) {
                    return "Absolute weight can only be between 0 and 256 inclusive.\n";
                }
            }
            if (w != 0 && s.initialWeight() == 0) {
                return "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n";
            }
            s.weight(w);
            return null;
        } catch (NumberFormatException e) {
            return "Relative weight must be positive.\n";
        }
    }

    private void set(CliSession s, List<String> a, StringBuilder b, Consumer<String> out) {
        switch (arg(a, 1)) {
            case "weight" -> {
                if (!level(s, CliSession.Level.ADMIN, b)) {
                    return;
                }
                if (a.size() < 3) {
                    b.append("Require 'backend/server'.\n");
                    return;
                }
                Server srv = server(a.get(2), b);
                if (srv != null) {
                    String err = weight(srv, arg(a, 3));
                    if (err != null) {
                        b.append(err);
                    }
                }
            }
            case "server" -> setServer(s, a, b);
            case "maxconn" -> setMaxconn(s, a, b);
            case "timeout" -> {
                if (!arg(a, 2).equals("cli")) {
                    b.append("'set timeout' only supports 'cli'.\n");
                    return;
                }
                String v = arg(a, 3);
                var t = v.isEmpty() ? null : io.luxy.config.HaproxyTime.parseSeconds(v);
                if (t == null || !t.ok()) {
                    b.append("Expects an integer value.\n");
                    return;
                }
                s.timeoutMillis(Math.max(1, t.value() * 1000));
            }
            case "map" -> {
                if (level(s, CliSession.Level.OPERATOR, b)) {
                    maps.change("set", "map", a, b);
                }
            }
            default -> {
                if (!lua(a, b, out)) {
                    unknown(a, b, out);
                }
            }
        }
    }

    private void setServer(CliSession s, List<String> a, StringBuilder b) {
        if (!level(s, CliSession.Level.ADMIN, b)) {
            return;
        }
        if (a.size() < 3) {
            b.append("Require 'backend/server'.\n");
            return;
        }
        Server srv = server(a.get(2), b);
        if (srv == null) {
            return;
        }
        String what = arg(a, 3);
        switch (what) {
            case "weight" -> {
                String err = weight(srv, arg(a, 4));
                if (err != null) {
                    b.append(err);
                }
            }
            case "state" -> {
                switch (arg(a, 4)) {
                    case "ready" -> srv.admin(Server.AdminState.READY);
                    case "drain" -> srv.admin(Server.AdminState.DRAIN);
                    case "maint" -> srv.admin(Server.AdminState.MAINT);
                    default -> b.append("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n");
                }
            }
            case "health" -> {
                if (!srv.checked()) {
                    b.append("health checks are not enabled on this server.\n");
                    return;
                }
                switch (arg(a, 4)) {
                    case "up" -> forceHealth(srv, true);
                    case "stopping", "down" -> forceHealth(srv, false);
                    default -> b.append("'set server <srv> health' expects 'up', 'stopping', or 'down'.\n");
                }
            }
            case "addr" -> {
                String ip = arg(a, 4);
                if (ip.isEmpty() || (io.luxy.sample.IpAddr.parseV4(ip) == null && io.luxy.sample.IpAddr.parseV6(ip) == null)) {
                    b.append("set server <b>/<s> addr requires an address and optionally a port.\n");
                    return;
                }
                int port = 0;
                if (arg(a, 5).equals("port")) {
                    port = parseInt(arg(a, 6));
                    if (port <= 0 || port > 65535) {
                        b.append("set server <b>/<s> addr requires an address and optionally a port.\n");
                        return;
                    }
                }
                String oldHost = srv.host();
                int oldPort = srv.port();
                srv.address(ip, port);
                StringBuilder msg = new StringBuilder();
                if (!oldHost.equals(ip)) {
                    msg.append("IP changed from '").append(oldHost).append("' to '").append(ip).append("'");
                }
                if (port > 0 && port != oldPort) {
                    msg.append(msg.length() > 0 ? ", " : "").append("port changed from '").append(oldPort).append("' to '")
                            .append(port).append("'");
                }
                if (msg.length() == 0) {
                    msg.append("no need to change the addr");
                }
                b.append(msg).append(" by 'stats socket command'\n");
            }
            default -> b.append("'set server <srv>' only supports 'agent', 'health', 'state', 'weight', 'addr', 'fqdn', "
                    + "'check-addr', 'check-port' and 'ssl'.\n");
        }
    }

    private static void forceHealth(Server srv, boolean up) {
        boolean enabled = srv.healthEnabled();
        srv.healthEnabled(true);
        srv.up(up);
        srv.healthEnabled(enabled);
    }

    private void setMaxconn(CliSession s, List<String> a, StringBuilder b) {
        if (!level(s, CliSession.Level.ADMIN, b)) {
            return;
        }
        switch (arg(a, 2)) {
            case "server" -> {
                if (a.size() < 4) {
                    b.append("Require 'backend/server'.\n");
                    return;
                }
                Server srv = server(a.get(3), b);
                if (srv == null) {
                    return;
                }
                String v = arg(a, 4);
                if (!v.matches("[0-9]+")) {
                    b.append("Integer value expected.\n");
                    return;
                }
                srv.counters().maxconn(Integer.parseInt(v));
            }
            case "frontend" -> {
                if (a.size() < 4) {
                    b.append("A frontend name is expected.\n");
                    return;
                }
                Frontend fe = proxies.frontend(a.get(3));
                if (fe == null) {
                    b.append("No such frontend.\n");
                    return;
                }
                String v = arg(a, 4);
                if (!v.matches("[0-9]+")) {
                    b.append("Integer value expected.\n");
                    return;
                }
                fe.counters().maxconn(Integer.parseInt(v));
            }
            case "global" -> {
                String v = arg(a, 3);
                if (!v.matches("[0-9]+")) {
                    b.append("Expects an integer value.\n");
                }
                // accepted and ignored: Luxy's global limit is the sum of the frontends'
            }
            default -> b.append("'set maxconn' only supports 'frontend', 'server', and 'global'.\n");
        }
    }

    private void enableDisable(CliSession s, boolean enable, List<String> a, StringBuilder b, Consumer<String> out) {
        String what = arg(a, 1);
        switch (what) {
            case "server", "health" -> {
                if (!level(s, CliSession.Level.ADMIN, b)) {
                    return;
                }
                if (a.size() < 3) {
                    b.append("Require 'backend/server'.\n");
                    return;
                }
                Server srv = server(a.get(2), b);
                if (srv == null) {
                    return;
                }
                if (what.equals("server")) {
                    srv.admin(enable ? Server.AdminState.READY : Server.AdminState.MAINT);
                } else {
                    srv.healthEnabled(enable);
                }
            }
            case "frontend" -> {
                if (!level(s, CliSession.Level.ADMIN, b)) {
                    return;
                }
                if (a.size() < 3) {
                    b.append("A frontend name is expected.\n");
                    return;
                }
                Frontend fe = proxies.frontend(a.get(2));
                if (fe == null) {
                    b.append("No such frontend.\n");
                    return;
                }
                if (enable && !fe.counters().paused()) {
                    b.append("Frontend is already enabled.\n");
                } else if (!enable && fe.counters().paused()) {
                    b.append("Frontend is already disabled.\n");
                } else {
                    fe.counters().paused(!enable);
                }
            }
            default -> {
                if (!lua(a, b, out)) {
                    unknown(a, b, out);
                }
            }
        }
    }

    private void clearCounters(boolean all) {
        for (Proxies.Px p : proxies.all()) {
            if (p.frontend() != null) {
                p.frontend().counters().clear(all);
            }
            if (p.backend() != null) {
                p.backend().counters().clear(all);
                for (Server s : p.backend().servers()) {
                    s.counters().clear(all);
                }
            }
        }
    }

    /** Runs a {@code core.register_cli} command matching {@code a}; false when none matches. */
    private boolean lua(List<String> a, StringBuilder b, Consumer<String> out) {
        if (lua == null) {
            return false;
        }
        for (CliCommand c : lua.cliCommands()) {
            if (a.size() >= c.words().size() && a.subList(0, c.words().size()).equals(c.words())) {
                LuaCli.run(lua, c, a, b, out);
                return true;
            }
        }
        return false;
    }

    private List<String> helpLines() {
        List<String> lines = new ArrayList<>(HELP.subList(0, HELP.size() - 3));
        if (lua != null) {
            for (CliCommand c : lua.cliCommands()) {
                lines.add(usage(c));
            }
        }
        lines.sort(Comparator.comparing(l -> l.strip()));
        lines.addAll(HELP.subList(HELP.size() - 3, HELP.size()));
        return lines;
    }

    private static String usage(CliCommand c) {
        String u = c.usage() == null ? String.join(" ", c.words()) : c.usage();
        int colon = u.indexOf(": ");
        if (colon > 0) {
            return String.format("  %-40s: %s", u.substring(0, colon).stripTrailing(), u.substring(colon + 2));
        }
        return String.format("  %-40s: %s", String.join(" ", c.words()), u);
    }

    private void help(List<String> args, StringBuilder b) {
        b.append("The following commands are valid at this level:\n");
        String prefix = String.join(" ", args);
        for (String l : helpLines()) {
            if (prefix.isEmpty() || l.strip().startsWith(prefix)) {
                b.append(l).append('\n');
            }
        }
    }

    /** HAProxy's answer to an unknown command: the full list for an empty line, else the 5 closest and the basics. */
    private void unknown(List<String> a, StringBuilder b, Consumer<String> out) {
        List<String> lines = helpLines();
        if (a.isEmpty()) {
            b.append("Unknown command. Please enter one of the following commands only:\n");
            lines.forEach(l -> b.append(l).append('\n'));
            return;
        }
        b.append("Unknown command, but maybe one of the following ones is a better match:\n");
        int[] typed = fingerprint(a);
        List<String> candidates = lines.subList(0, lines.size() - 3);
        List<String> best = candidates.stream()
                .sorted(Comparator.comparingInt(l -> BestMatch.distance(typed, fingerprint(words(commandOf(l))))))
                .limit(5).toList();
        best = candidates.stream().filter(best::contains).toList();
        best.forEach(l -> b.append(l).append('\n'));
        lines.subList(lines.size() - 3, lines.size()).forEach(l -> b.append(l).append('\n'));
    }

    private static String commandOf(String helpLine) {
        String u = helpLine.strip();
        StringBuilder c = new StringBuilder();
        for (String w : u.split(" +")) {
            if (w.startsWith("<") || w.startsWith("[") || w.startsWith("{") || w.startsWith(":") || w.startsWith("(")) {
                break;
            }
            c.append(c.length() > 0 ? " " : "").append(w);
        }
        return c.toString();
    }

    /** HAProxy's {@code update_word_fingerprint} over several words. */
    private static int[] fingerprint(List<String> words) {
        int[] fp = new int[1024];
        for (String w : words) {
            int[] one = BestMatch.fingerprint(w);
            for (int i = 0; i < fp.length; i++) {
                fp[i] = i < 32 ? Math.max(fp[i], one[i]) : fp[i] + one[i];
            }
        }
        return fp;
    }

    private static List<String> loadHelp() {
        return load("help.txt");
    }

    private static List<String> load(String name) {
        try (InputStream in = Cli.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return List.of(text.split("\n"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing io/luxy/runtime/" + name, e);
        }
    }

    /** Used by the stats page's admin actions: the same state changes as {@code set server}. */
    public static void applyAction(Server s, String action) {
        switch (action) {
            case "ready" -> s.admin(Server.AdminState.READY);
            case "drain" -> s.admin(Server.AdminState.DRAIN);
            case "maint" -> s.admin(Server.AdminState.MAINT);
            case "dhlth" -> s.healthEnabled(false);
            case "ehlth" -> s.healthEnabled(true);
            case "hrunn" -> forceHealth(s, true);
            case "hdown" -> forceHealth(s, false);
            default -> {
            }
        }
    }
}

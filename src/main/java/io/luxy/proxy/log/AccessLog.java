package io.luxy.proxy.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleParseException;
import io.luxy.sample.SampleRegistry;

/**
 * The traffic log of one frontend: its {@code log} targets and its format ({@code option httplog
 * [clf]}, {@code option tcplog}, {@code log-format}), one line per stream in HAProxy's format so
 * existing log parsers work (HAProxy doc/configuration.txt 4.2 "log", 8.2). Targets come from
 * the defaults section then the frontend, {@code log global} standing for the global section's
 * {@code log} lines. Without a format the line is HAProxy's default one ("Connect from …").
 * {@code option dontlognull} skips streams that received nothing. {@link #log} formats on the
 * caller's thread and never blocks (see {@link LogSink}). Thread-safe.
 */
public class AccessLog {

    /** Logs nothing. */
    public static final AccessLog NONE = new AccessLog();

    /** "option httplog" (8.2.3). */
    public static final String HTTPLOG = "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r";
    /** "option httplog clf" (8.2.3). */
    public static final String CLF = "%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" %cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl";
    /** "option tcplog" (8.2.2). */
    public static final String TCPLOG = "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";

    private static final long PID = ProcessHandle.current().pid();
    private static volatile String hostname;

    private final List<LogServer> servers;
    private final List<LogSink> sinks;
    private final LogFormat format;
    private final boolean dontLogNull;
    private final String tag;
    private final String sentHostname;
    private final AtomicLong counter = new AtomicLong();
    private final ZoneId zone;
    private final String host;

    private AccessLog() {
        this(List.of(), null, false, "haproxy", null, "localhost", ZoneId.systemDefault());
    }

    AccessLog(List<LogServer> servers, LogFormat format, boolean dontLogNull, String tag, String sentHostname, String hostname, ZoneId zone) {
        this.servers = List.copyOf(servers);
        this.sinks = this.servers.stream().map(LogSink::of).toList();
        this.format = format;
        this.dontLogNull = dontLogNull;
        this.tag = tag;
        this.sentHostname = sentHostname;
        this.host = hostname;
        this.zone = zone;
    }

    /** The log of frontend section {@code s} without global log lines nor sample fetches. */
    public static AccessLog from(Section s, Diagnostics diag) {
        return from(s, List.of(), null, diag);
    }

    /**
     * The log of frontend section {@code s}: {@code global} are the global section's directives
     * (for {@code log global}, {@code log-tag}, {@code log-send-hostname}), {@code samples}
     * resolves {@code %[...]} in log-format. Errors are added to {@code diag} with HAProxy's words.
     */
    public static AccessLog from(Section s, List<Directive> global, SampleRegistry samples, Diagnostics diag) {
        List<LogServer> servers = new ArrayList<>();
        if (s.defaults() != null) {
            addServers(s.defaults().all("log"), global, servers, diag);
        }
        addServers(s.all("log"), global, servers, diag);
        Directive fmt = formatDirective(s);
        if (fmt == null && s.defaults() != null) {
            fmt = formatDirective(s.defaults());
        }
        if (servers.isEmpty()) {
            if (fmt != null && fmt.keyword().equals("log-format") && s.kind().hasFrontend()) {
                diag.warning(fmt.location(), Diagnostic.Style.NONE, "log format ignored for " + io.luxy.config.CfgParser.typeName(s.kind())
                        + " '" + s.name() + "' since it has no log address.");
            }
            return NONE;
        }
        String text;
        if (fmt == null) {
            String mode = s.inherited("mode").map(d -> d.arg(0)).orElse("tcp");
            text = "Connect from %ci:%cp to %fi:%fp (%f/" + (mode.equals("http") ? "HTTP" : "TCP") + ")";
        } else if (fmt.keyword().equals("log-format")) {
            text = fmt.arg(0);
        } else if (fmt.arg(0).equals("httplog")) {
            text = "clf".equals(fmt.arg(1)) ? CLF : HTTPLOG;
        } else {
            text = TCPLOG;
        }
        LogFormat line;
        try {
            line = LogFormat.parse(text, samples, LogFormat.Mode.LOG);
        } catch (SampleParseException e) {
            diag.alert(fmt.location(), Diagnostic.Style.PARSING_CAPITAL, "failed to parse log-format : " + e.getMessage() + ".");
            return NONE;
        }
        String tag = "haproxy";
        String sentHostname = null;
        String hostname = hostname();
        for (Directive d : global) {
            if (d.keyword().equals("log-tag") && d.arg(0) != null) {
                tag = d.arg(0);
            } else if (d.keyword().equals("log-send-hostname")) {
                sentHostname = d.arg(0) == null ? hostname : d.arg(0);
            }
        }
        boolean dontLogNull = s.inherited("option", "dontlognull").isPresent();
        return new AccessLog(servers, line, dontLogNull, tag, sentHostname, hostname, ZoneId.systemDefault());
    }

    private static Directive formatDirective(Section s) {
        Directive found = null;
        for (Directive d : s.directives()) {
            if (d.keyword().equals("log-format") || d.keyword().equals("option")
                    && ("httplog".equals(d.arg(0)) || "tcplog".equals(d.arg(0)))) {
                found = d;
            }
        }
        return found;
    }

    private static void addServers(List<Directive> lines, List<Directive> global, List<LogServer> out, Diagnostics diag) {
        for (Directive d : lines) {
            if ("global".equals(d.arg(0)) && d.args().size() == 1) {
                addServers(global.stream().filter(g -> g.keyword().equals("log")).toList(), List.of(), out, diag);
            } else if (d.arg(0) != null && !"disable".equals(d.arg(0))) {
                try {
                    out.add(LogServer.parse(d));
                } catch (IllegalArgumentException e) {
                    diag.alert(d.location(), e.getMessage());
                }
            }
        }
    }

    /** The host name for %H: $HOSTNAME, else /etc/hostname, else "localhost" (read once). */
    public static String hostname() {
        String cached = hostname;
        if (cached != null) {
            return cached;
        }
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname")).trim();
            } catch (IOException e) {
                h = "localhost";
            }
        }
        hostname = h;
        return h;
    }

    /** True when this log writes anything (callers may skip filling a {@link LogEntry}). */
    public boolean enabled() {
        return !servers.isEmpty();
    }

    /** Writes the line of a finished stream to every target (never blocks). */
    public void log(LogEntry e) {
        if (servers.isEmpty() || dontLogNull && e.requestLine == null && e.bytesUploaded == 0) {
            return;
        }
        String msg = format(e);
        long now = System.currentTimeMillis();
        for (int i = 0; i < servers.size(); i++) {
            LogServer srv = servers.get(i);
            if (LogServer.INFO <= srv.maxLevel()) {
                sinks.get(i).send(SyslogFrame.frame(srv, LogServer.INFO, tag, PID, sentHostname, now, zone, msg));
            }
        }
    }

    /** The message part of the line for {@code e} (no syslog header). */
    public String format(LogEntry e) {
        if (format == null) {
            return "";
        }
        return format.render(e.sample, new EntryValues(e, PID, host, counter.getAndIncrement()));
    }
}

package io.luxy.runtime.page;

import java.util.List;
import java.util.Map;

import io.luxy.proxy.StatsSettings;
import io.luxy.runtime.Cli;
import io.luxy.runtime.Proxies;
import io.luxy.runtime.StatsCsv;

/**
 * The HTML of the stats page, laid out as HAProxy 2.6's (src/stats.c {@code stats_dump_html_*}):
 * general process information and the state legend, then one table per proxy with HAProxy's
 * column groups (Queue, Session rate, Sessions, Bytes, Denied, Errors, Warnings, Server), a
 * {@code frontend} row, one row per server whose CSS class is HAProxy's ({@code active_up},
 * {@code active_down}, {@code active_going_up|down}, {@code active_draining},
 * {@code active_no_check}, {@code backup_*}, {@code maintain}) and a {@code backend} row. With
 * admin rights each server has a checkbox and the table a form posting {@code s}, {@code action}
 * and {@code b=#iid}. Values come from the {@code show stat} rows, so page and CSV agree.
 * Credentials never appear.
 */
final class StatsHtml {

    private static final String CSS = """
            body { font-family: arial, helvetica, sans-serif; font-size: 12px; color: black; background: white;}
            th,td { font-size: 10px;}
            h1 { font-size: x-large; margin-bottom: 0.5em;}
            h2 { font-size: x-large; font-weight: bold; font-style: italic; color: #6020a0; margin: 0em;}
            h3 { font-size: 16px; font-weight: bold; color: #b00040; background: #e8e8d0; margin: 0em;}
            .titre {background: #20D0D0; color: #000000; font-weight: bold; text-align: center;}
            .frontend {background: #e8e8d0;}
            .backend {background: #e8e8d0;}
            .active_down {background: #ff9090;}
            .active_going_up {background: #ffd020;}
            .active_going_down {background: #ffffa0;}
            .active_up {background: #c0ffc0;}
            .active_nolb {background: #20a0ff;}
            .active_draining {background: #20a0FF;}
            .active_no_check {background: #e0e0e0;}
            .backup_down {background: #ff9090;}
            .backup_going_up {background: #ff80ff;}
            .backup_going_down {background: #c060ff;}
            .backup_up {background: #b0d0ff;}
            .backup_nolb {background: #90b0e0;}
            .backup_draining {background: #cc9900;}
            .backup_no_check {background: #e0e0e0;}
            .maintain {background: #c07820;}
            table.tbl { border-collapse: collapse; border-style: none;}
            table.tbl td { text-align: right; border: 1px solid gray; padding: 2px 3px; white-space: nowrap;}
            table.tbl td.ac { text-align: center;}
            table.tbl th { border: 1px solid gray;}
            table.tbl th.pxname { background: #b00040; color: #ffff40; font-weight: bold; padding: 2px 3px; white-space: nowrap;}
            table.tbl th.empty { border-style: none; background: white;}
            table.lgd { border-collapse: collapse;}
            table.lgd td { border: 1px solid gray; padding: 2px;}
            table.lgd td.noborder { border-style: none; padding: 2px; white-space: nowrap;}
            a.px:link, a.px:visited {color: #ffff40; text-decoration: none;}
            a.lfsb:link, a.lfsb:visited {color: #000000; text-decoration: none;}
            """;

    private static final Map<String, String[]> MESSAGES = Map.of(
            "DONE", new String[] {"active_up", "Action processed successfully."},
            "NONE", new String[] {"active_going_down", "Nothing has changed."},
            "PART", new String[] {"active_going_down", "Action partially processed."},
            "ERRP", new String[] {"active_down", "Action not processed because of invalid parameters."},
            "DENY", new String[] {"active_down", "Action denied."});

    private final Cli cli;
    private final StatsSettings st;
    private final boolean admin;
    private final boolean upOnly;
    private final boolean norefresh;
    private final String status;
    private final StringBuilder b = new StringBuilder(16384);

    StatsHtml(Cli cli, StatsSettings st, boolean admin, boolean upOnly, boolean norefresh, String status) {
        this.cli = cli;
        this.st = st;
        this.admin = admin;
        this.upOnly = upOnly;
        this.norefresh = norefresh;
        this.status = status;
    }

    /** The whole page. */
    String render() {
        Map<String, String> info = cli.info();
        b.append("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"\n\"http://www.w3.org/TR/html4/loose.dtd\">\n");
        b.append("<html><head><title>Statistics Report for HAProxy</title>\n");
        b.append("<meta http-equiv=\"content-type\" content=\"text/html; charset=iso-8859-1\">\n");
        b.append("<style type=\"text/css\"><!--\n").append(CSS).append("-->\n</style></head>\n<body>");
        if (st.hideVersion()) {
            b.append("<h1>Statistics Report</h1>\n");
        } else {
            b.append("<h1>HAProxy version ").append(esc(info.get("Version"))).append(", released ")
                    .append(esc(info.get("Release_date"))).append("</h1>\n");
        }
        b.append("<h2>Statistics Report for pid ").append(info.get("Pid")).append("</h2>\n<hr width=\"100%\" class=\"hr\">\n");
        b.append("<h3>&gt; General process information</h3>\n<table border=0><tr><td align=\"left\" nowrap width=\"1%\">\n");
        b.append("<p><b>pid = </b> ").append(info.get("Pid")).append(" (process #1, nbproc = 1, nbthread = ")
                .append(info.get("Nbthread")).append(")<br>\n");
        b.append("<b>uptime = </b> ").append(info.get("Uptime")).append("<br>\n");
        b.append("<b>maxsock = </b> ").append(info.get("Maxsock")).append("; <b>maxconn = </b> ").append(info.get("Maxconn"))
                .append("<br>\ncurrent conns = ").append(info.get("CurrConns")).append("; conn rate = ")
                .append(info.get("ConnRate")).append("/sec<br>\n</td><td align=\"center\" nowrap>\n");
        legend();
        options();
        if (status != null) {
            String[] m = MESSAGES.getOrDefault(status, new String[] {"active_down", "Unexpected result."});
            b.append("<p><div class=").append(m[0]).append("><a class=lfsb href=\"").append(esc(st.uri()))
                    .append("\" title=\"Remove this message\">[X]</a> ").append(m[1]).append("</div>\n");
        }
        List<StatsCsv.Row> rows = cli.csv().rows(StatsCsv.Filter.ALL);
        for (Proxies.Px p : cli.proxies().all()) {
            proxy(p, rows);
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private void legend() {
        b.append("<table class=\"lgd\">\n");
        b.append("<tr><td class=\"active_up\">&nbsp;</td><td class=\"noborder\">active UP </td>")
                .append("<td class=\"backup_up\">&nbsp;</td><td class=\"noborder\">backup UP </td></tr>\n");
        b.append("<tr><td class=\"active_going_down\"></td><td class=\"noborder\">active UP, going down </td>")
                .append("<td class=\"backup_going_down\"></td><td class=\"noborder\">backup UP, going down </td></tr>\n");
        b.append("<tr><td class=\"active_going_up\"></td><td class=\"noborder\">active DOWN, going up </td>")
                .append("<td class=\"backup_going_up\"></td><td class=\"noborder\">backup DOWN, going up </td></tr>\n");
        b.append("<tr><td class=\"active_down\"></td><td class=\"noborder\">active or backup DOWN &nbsp;</td>")
                .append("<td class=\"active_no_check\"></td><td class=\"noborder\">not checked </td></tr>\n");
        b.append("<tr><td class=\"maintain\"></td><td class=\"noborder\" colspan=\"3\">active or backup DOWN for maintenance (MAINT) &nbsp;</td></tr>\n");
        b.append("<tr><td class=\"active_draining\"></td><td class=\"noborder\" colspan=\"3\">active or backup SOFT STOPPED for maintenance &nbsp;</td></tr></table>\n");
        b.append("Note: \"NOLB\"/\"DRAIN\" = UP with load-balancing disabled.</td>");
    }

    private void options() {
        String u = esc(st.uri());
        b.append("<td align=\"left\" valign=\"top\" nowrap width=\"1%\"><b>Display option:</b><ul style=\"margin-top: 0.25em;\">\n");
        b.append(upOnly ? "<li><a href=\"" + u + "\">Show all servers</a><br>\n" : "<li><a href=\"" + u + ";up\">Hide 'DOWN' servers</a><br>\n");
        if (st.refreshSeconds() > 0) {
            b.append(norefresh ? "<li><a href=\"" + u + "\">Enable refresh</a><br>\n"
                    : "<li><a href=\"" + u + ";norefresh\">Disable refresh</a><br>\n");
        }
        b.append("<li><a href=\"").append(u).append("\">Refresh now</a><br>\n");
        b.append("<li><a href=\"").append(u).append(";csv;norefresh\">CSV export</a><br>\n");
        b.append("</ul></td></tr></table>\n");
    }

    private static final String HEADER = "<tr class=\"titre\"><th colspan=3>Queue</th><th colspan=3>Session rate</th>"
            + "<th colspan=6>Sessions</th><th colspan=2>Bytes</th><th colspan=2>Denied</th><th colspan=3>Errors</th>"
            + "<th colspan=2>Warnings</th><th colspan=9>Server</th></tr>\n"
            + "<tr class=\"titre\"><th>Cur</th><th>Max</th><th>Limit</th><th>Cur</th><th>Max</th><th>Limit</th><th>Cur</th>"
            + "<th>Max</th><th>Limit</th><th>Total</th><th>LbTot</th><th>Last</th><th>In</th><th>Out</th><th>Req</th>"
            + "<th>Resp</th><th>Req</th><th>Conn</th><th>Resp</th><th>Retr</th><th>Redis</th><th>Status</th><th>LastChk</th>"
            + "<th>Wght</th><th>Act</th><th>Bck</th><th>Chk</th><th>Dwn</th><th>Dwntme</th><th>Thrtle</th>\n</tr>\n";

    private void proxy(Proxies.Px p, List<StatsCsv.Row> rows) {
        String name = esc(p.name());
        boolean form = admin && p.backend() != null && !p.backend().servers().isEmpty();
        if (form) {
            b.append("<form method=\"post\">");
        }
        b.append("<table class=\"tbl\" width=\"100%\">\n<tr class=\"titre\"><th class=\"pxname\" width=\"10%\"><a name=\"")
                .append(name).append("\"></a><a class=px href=\"#").append(name).append("\">").append(name)
                .append("</a></th><th class=\"empty\" width=\"90%\"></th></tr>\n</table>\n");
        b.append("<table class=\"tbl\" width=\"100%\">\n");
        String h = HEADER.replaceFirst("<tr class=\"titre\">",
                "<tr class=\"titre\">" + (form ? "<th rowspan=2 width=1></th>" : "<th rowspan=2></th>") + "<th rowspan=2></th>");
        b.append(h);
        String iid = Integer.toString(p.id());
        for (StatsCsv.Row r : rows) {
            if (!r.get("iid").equals(iid)) {
                continue;
            }
            switch (r.type()) {
                case 0 -> frontendRow(r, form);
                case 2 -> serverRow(p, r, form);
                default -> backendRow(r, form);
            }
        }
        b.append("</table>");
        if (form) {
            b.append("Choose the action to perform on the checked servers : <select name=action><option value=\"\"></option>")
                    .append("<option value=\"ready\">Set state to READY</option><option value=\"drain\">Set state to DRAIN</option>")
                    .append("<option value=\"maint\">Set state to MAINT</option><option value=\"dhlth\">Health: disable checks</option>")
                    .append("<option value=\"ehlth\">Health: enable checks</option><option value=\"hrunn\">Health: force UP</option>")
                    .append("<option value=\"hdown\">Health: force DOWN</option></select>")
                    .append("<input type=\"hidden\" name=\"b\" value=\"#").append(iid)
                    .append("\">&nbsp;<input type=\"submit\" value=\"Apply\"></form>");
        }
        b.append("<p>\n");
    }

    private void start(String cls, String label, boolean form, String checkbox) {
        b.append("<tr class=\"").append(cls).append("\"><td>").append(form && checkbox != null ? checkbox : "")
                .append("</td><td class=ac>").append(label).append("</td>");
    }

    private void td(String... v) {
        for (String s : v) {
            b.append("<td>").append(esc(s)).append("</td>");
        }
    }

    private void frontendRow(StatsCsv.Row r, boolean form) {
        start("frontend", "Frontend", form, null);
        b.append("<td colspan=3></td>");
        td(r.get("rate"), r.get("rate_max"), dash(r.get("rate_lim")), r.get("scur"), r.get("smax"), r.get("slim"), r.get("stot"),
                "", "", r.get("bin"), r.get("bout"), r.get("dreq"), r.get("dresp"), r.get("ereq"), "", "", "", "");
        b.append("<td class=ac>").append(esc(r.get("status"))).append("</td><td class=ac colspan=8></td></tr>\n");
    }

    private void serverRow(Proxies.Px p, StatsCsv.Row r, boolean form) {
        String status = r.get("status");
        if (upOnly && !(status.startsWith("UP") || status.equals("no check") || status.equals("DRAIN"))) {
            return;
        }
        String sv = esc(r.get("svname"));
        String box = "<input class='" + esc(p.name()) + "-checkbox' type=\"checkbox\" name=\"s\" value=\"" + sv + "\">";
        start(rowClass(status, r.get("bck").equals("1")), "<a name=\"" + esc(p.name()) + "/" + sv + "\"></a>" + sv, form, box);
        td(r.get("qcur"), r.get("qmax"), dash(r.get("qlimit")), r.get("rate"), r.get("rate_max"), "", r.get("scur"), r.get("smax"),
                dash(r.get("slim")), r.get("stot"), r.get("lbtot"), lastSess(r.get("lastsess")), r.get("bin"), r.get("bout"), "",
                r.get("dresp"), "", r.get("econ"), r.get("eresp"), r.get("wretr"), r.get("wredis"));
        b.append("<td class=ac>").append(human(r.get("lastchg"))).append(' ').append(esc(status)).append("</td>");
        String chk = r.get("check_status").isEmpty() ? "" : r.get("check_status") + " in " + r.get("check_duration") + "ms";
        b.append("<td class=ac>").append(esc(chk)).append("</td>");
        td(r.get("weight"), r.get("act").equals("1") ? "Y" : "-", r.get("bck").equals("1") ? "Y" : "-", r.get("chkfail"),
                r.get("chkdown"), r.get("downtime").isEmpty() ? "" : human(r.get("downtime")), "-");
        b.append("</tr>\n");
    }

    private void backendRow(StatsCsv.Row r, boolean form) {
        start("backend", "Backend", form, null);
        td(r.get("qcur"), r.get("qmax"), "", r.get("rate"), r.get("rate_max"), "", r.get("scur"), r.get("smax"), r.get("slim"),
                r.get("stot"), r.get("lbtot"), lastSess(r.get("lastsess")), r.get("bin"), r.get("bout"), r.get("dreq"),
                r.get("dresp"), "", r.get("econ"), r.get("eresp"), r.get("wretr"), r.get("wredis"));
        b.append("<td class=ac>").append(human(r.get("lastchg"))).append(' ').append(esc(r.get("status"))).append("</td>");
        td("", r.get("weight"), r.get("act"), r.get("bck"));
        b.append("<td></td>");
        td(r.get("chkdown"), r.get("downtime").isEmpty() ? "" : human(r.get("downtime")), "");
        b.append("</tr>\n");
    }

    /** HAProxy's row class for a server status (src/stats.c {@code srv_hlt_st} to CSS). */
    static String rowClass(String status, boolean backup) {
        if (status.startsWith("MAINT")) {
            return "maintain";
        }
        String prefix = backup ? "backup_" : "active_";
        if (status.equals("DRAIN")) {
            return prefix + "draining";
        }
        if (status.equals("no check")) {
            return prefix + "no_check";
        }
        if (status.equals("UP")) {
            return prefix + "up";
        }
        if (status.equals("DOWN")) {
            return "active_down";
        }
        return prefix + (status.startsWith("UP") ? "going_down" : "going_up");
    }

    private static String dash(String v) {
        return v.isEmpty() || v.equals("0") ? "-" : v;
    }

    private static String lastSess(String v) {
        return v.isEmpty() || v.equals("-1") ? "" : human(v);
    }

    /** HAProxy's {@code human_time}: 42s, 1m4s, 2h3m, 4d5h. */
    static String human(String seconds) {
        long t;
        try {
            t = Long.parseLong(seconds);
        } catch (NumberFormatException e) {
            return seconds;
        }
        if (t < 60) {
            return t + "s";
        }
        if (t < 3600) {
            return t / 60 + "m" + t % 60 + "s";
        }
        if (t < 86400) {
            return t / 3600 + "h" + t / 60 % 60 + "m";
        }
        return t / 86400 + "d" + t / 3600 % 24 + "h";
    }

    /** HTML escape of names and values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder o = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '&' -> o.append("&amp;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> o.append(c);
            }
        }
        return o.toString();
    }
}

package io.luxy.proxy.log;

/**
 * What one stream contributes to its log line, filled along the request path and formatted by
 * {@link AccessLog} ({@code option httplog}, {@code option tcplog}, {@code log-format}).
 * Times are in milliseconds as HAProxy's %TR/%Tw/%Tc/%Tr/%Ta/%Tt (-1 when the step did not happen).
 * Field names follow HAProxy doc/configuration.txt 8.2.3/8.2.4.
 */
public final class LogEntry {
    /** Client address and port. */
    public String clientIp;
    public int clientPort;
    /** Accept time, epoch milliseconds. */
    public long acceptDate;
    /** Frontend name, with "~" appended when the connection uses TLS (HAProxy's %ft). */
    public String frontend;
    /** Backend name, or the frontend's name when none was chosen. */
    public String backend;
    /** Server name, or "&lt;NOSRV&gt;"; "&lt;lua.NAME&gt;" for Lua services. */
    public String server = "<NOSRV>";
    public long tr = -1;
    public long tw = -1;
    public long tc = -1;
    public long tresp = -1;
    public long ta = -1;
    public int status = -1;
    public long bytesRead;
    public long bytesUploaded;
    /** Termination state, two characters (e.g. "--", "SC", "CD"). */
    public String termState = "--";
    public int actconn;
    public int feconn;
    public int beconn;
    public int srvConn;
    public int retries;
    public int srvQueue;
    public int backendQueue;
    /** The request line ("GET /x HTTP/1.1"), HTTP only. */
    public String requestLine;
}

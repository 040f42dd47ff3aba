package io.luxy.proxy.log;

import java.util.List;

import io.luxy.sample.SampleContext;

/**
 * What one stream contributes to its log line, filled along the request path and formatted by
 * {@link AccessLog} ({@code option httplog}, {@code option tcplog}, {@code log-format}).
 * Times are in milliseconds as HAProxy's %Th/%Ti/%TR/%Tw/%Tc/%Tr/%Ta/%Tt (-1 when the step did
 * not happen). Field names follow HAProxy doc/configuration.txt 8.2.2/8.2.3/8.2.6. Not
 * thread-safe: one stream fills it, then hands it to {@link AccessLog#log}.
 *
 * <p>{@link #frontend} is the frontend's plain name; set {@link #ssl} for a TLS connection and
 * the formatter prints HAProxy's {@code %ft} as {@code name~} ({@link #frontendTransport()}).
 */
public final class LogEntry {
    private static final java.util.concurrent.atomic.AtomicLong STREAMS = new java.util.concurrent.atomic.AtomicLong();

    /** Client address and port (%ci, %cp). */
    public String clientIp;
    public int clientPort;
    /** Accepting address and port (%fi, %fp). */
    public String frontendIp;
    public int frontendPort;
    /** Source address and port of the connection to the server (%bi, %bp). */
    public String backendSourceIp;
    public int backendSourcePort;
    /** The server's address and port (%si, %sp). */
    public String serverIp;
    public int serverPort;
    /** Accept time, epoch milliseconds (%t, %T, %Tl, %ms, %Ts). */
    public long acceptDate;
    /** Time the HTTP request started, epoch milliseconds (%tr, %trg, %trl); 0 means {@link #acceptDate}. */
    public long requestDate;
    /** Frontend name without "~" (%f). */
    public String frontend;
    /** True when the client connection uses TLS (%ft gets HAProxy's "~" suffix). */
    public boolean ssl;
    /** Backend name, or null when none was chosen (then the frontend's name is logged). */
    public String backend;
    /** Server name, or "&lt;NOSRV&gt;"; "&lt;lua.NAME&gt;" for Lua services. */
    public String server = "<NOSRV>";
    /** %Th: handshake time (TLS, PROXY protocol). */
    public long th;
    /** %Ti: idle time before the request. */
    public long ti;
    /** %TR: time to receive the full request headers. */
    public long tr = -1;
    /** %Tw: time waiting in queues. */
    public long tw = -1;
    /** %Tc: time to connect to the server. */
    public long tc = -1;
    /** %Tr: server response time (headers). */
    public long tresp = -1;
    /** %Ta: active time of the request, from TR to the end. */
    public long ta = -1;
    /** %Tt: total session time; -1 means Th + Ti + Ta. */
    public long tt = -1;
    /** %ST: status sent to the client (-1 when none). */
    public int status = -1;
    /** %B: bytes sent to the client (server to client). */
    public long bytesRead;
    /** %U: bytes received from the client (client to server). */
    public long bytesUploaded;
    /** Termination state, two characters ("--", "SC", "CD"…), or four with the cookie flags. */
    public String termState = "--";
    public int actconn;
    public int feconn;
    public int beconn;
    public int srvConn;
    public int retries;
    /** True once a retry went to another server than the failed one (HAProxy's {@code SF_REDISP}: %rc prints "+N"). */
    public boolean redispatched;
    public int srvQueue;
    public int backendQueue;
    /** %rt: request counter (HTTP request or TCP session); -1 until {@link #requestCounter()} numbers the stream. */
    public long requestCounter = -1;
    /** The request line ("GET /x HTTP/1.1"), HTTP only; null logs as "&lt;BADREQ&gt;". */
    public String requestLine;
    /** Captured request and response headers in declaration order (%hr, %hs); null when none are configured. */
    public List<String> requestCaptures;
    public List<String> responseCaptures;
    /** %sslv and %sslc: negotiated TLS version and cipher. */
    public String sslVersion;
    public String sslCipher;
    /** %ID: the unique-id. */
    public String uniqueId;
    /** The stream, for %[sample] expressions in log-format (null: they log "-"). */
    public SampleContext sample;

    /**
     * HAProxy's %rt: this stream's number, taken from a process-wide counter the first time it is
     * asked (by a rule string or the log line), so streams that never print it cost nothing.
     */
    public long requestCounter() {
        long n = requestCounter;
        if (n < 0) {
            n = STREAMS.getAndIncrement();
            requestCounter = n;
        }
        return n;
    }

    /** HAProxy's %ft: the frontend name with "~" when the connection uses TLS. */
    public String frontendTransport() {
        String f = plainFrontend();
        return ssl ? f + "~" : f;
    }

    String plainFrontend() {
        String f = frontend == null ? "-" : frontend;
        return f.endsWith("~") ? f.substring(0, f.length() - 1) : f;
    }

    long totalTime() {
        return tt >= 0 ? tt : ta >= 0 ? th + ti + ta : -1;
    }
}

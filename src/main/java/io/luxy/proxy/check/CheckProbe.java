package io.luxy.proxy.check;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.luxy.proxy.Server;
import io.luxy.proxy.check.HealthCheckSpec.Connect;
import io.luxy.proxy.check.HealthCheckSpec.Expect;
import io.luxy.proxy.check.HealthCheckSpec.ExpectRule;
import io.luxy.proxy.check.HealthCheckSpec.Send;
import io.luxy.proxy.check.HealthCheckSpec.TcpRule;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * One check of one server: connects (to {@code addr}/{@code port} when given, else the server's
 * address, resolving DNS names again each time) and runs the spec's exchange, completing with
 * HAProxy's status and info texts (src/check.c, src/tcpcheck.c): {@code Connection refused},
 * {@code TCPCHK did not match content 'X' at step N}, {@code HTTP content check did not match}.
 * The future never fails.
 */
final class CheckProbe {

    private final Vertx vertx;
    private final NetClient client;
    private final Server server;
    private final HealthCheckSpec spec;
    private final long readTimeout;
    private final String serverState;
    private final Promise<CheckResult> done = Promise.promise();
    private Buffer received = Buffer.buffer();
    private NetSocket socket;
    private long timer = -1;
    private boolean closed;
    private int step;

    /** A probe; {@code serverState} is the {@code X-Haproxy-Server-State} value to send ({@code http-check send-state}), or null. */
    CheckProbe(Vertx vertx, NetClient client, Server server, HealthCheckSpec spec, long readTimeout, String serverState) {
        this.vertx = vertx;
        this.client = client;
        this.server = server;
        this.spec = spec;
        this.readTimeout = readTimeout;
        this.serverState = serverState;
    }

    Future<CheckResult> run() {
        var cs = server.settings().check();
        String host = cs.addr() != null ? cs.addr() : server.host();
        int port = cs.port() > 0 ? cs.port() : server.port();
        List<TcpRule> rules = spec.rules();
        if (spec.type() != HealthCheckSpec.Type.TCP && !rules.isEmpty() && rules.get(0) instanceof Connect c) {
            port = c.port() > 0 ? c.port() : port;
            step = 1;
        }
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                finish(connectFailure(ar.cause()));
                return;
            }
            socket = ar.result();
            if (spec.type() == HealthCheckSpec.Type.TCP) {
                finish(new CheckResult(CheckStatus.L4OK, -1, null, 0));
                return;
            }
            timer = vertx.setTimer(Math.max(1, readTimeout), id -> onTimeout());
            socket.handler(this::onData);
            socket.closeHandler(v -> {
                closed = true;
                evaluate();
            });
            socket.exceptionHandler(e -> { });
            if (spec.type() == HealthCheckSpec.Type.HTTP) {
                socket.write(httpRequest());
            } else {
                evaluate();
            }
        });
        return done.future();
    }

    private CheckResult connectFailure(Throwable e) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        boolean tcpCheck = spec.type() == HealthCheckSpec.Type.TCP_CHECK;
        if (msg.contains("timed out") || msg.contains("timeout")) {
            return new CheckResult(CheckStatus.L4TOUT, -1, tcpCheck ? "at initial connection step of tcp-check" : null, 0);
        }
        String info = e instanceof ConnectException && msg.contains("refused") ? "Connection refused"
                : e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException ? "could not resolve address"
                : msg.contains("refused") ? "Connection refused" : String.valueOf(e.getMessage());
        return new CheckResult(CheckStatus.L4CON, -1, tcpCheck ? info + " at initial connection step of tcp-check" : info, 0);
    }

    private Buffer httpRequest() {
        HealthCheckSpec.HttpRequest r = spec.request();
        StringBuilder b = new StringBuilder(r.method()).append(' ').append(r.uri()).append(' ').append(r.version()).append("\r\n");
        boolean hasLength = false;
        for (String[] h : r.headers()) {
            b.append(h[0]).append(": ").append(h[1]).append("\r\n");
            hasLength |= h[0].equalsIgnoreCase("content-length");
        }
        if (r.body() != null && !hasLength) {
            b.append("content-length: ").append(r.body().getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n");
        }
        if (serverState != null) {
            b.append("X-Haproxy-Server-State: ").append(serverState).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        if (r.body() != null) {
            b.append(r.body());
        }
        return Buffer.buffer(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private void onData(Buffer data) {
        received.appendBuffer(data);
        if (received.length() > 16384) { // tune.chksize: judge what was read
            closed = true;
        }
        evaluate();
    }

    private void onTimeout() {
        timer = -1;
        if (spec.type() == HealthCheckSpec.Type.HTTP) {
            finish(new CheckResult(CheckStatus.L7TOUT, -1, null, 0));
            return;
        }
        TcpRule r = step < spec.rules().size() ? spec.rules().get(step) : null;
        if (r instanceof ExpectRule e && e.expect().negate()) {
            step++;
            closed = true; // nothing more will come in time: a negated rule holds
            evaluate();
            return;
        }
        String what = r instanceof ExpectRule e ? " (expect " + e.expect().describe() + ")" : "";
        finish(new CheckResult(CheckStatus.L7TOUT, -1, "at step " + (step + 1) + " of tcp-check" + what, 0));
    }

    private void evaluate() {
        if (done.future().isComplete()) {
            return;
        }
        if (spec.type() == HealthCheckSpec.Type.HTTP) {
            evaluateHttp();
        } else {
            evaluateTcp();
        }
    }

    private void evaluateTcp() {
        List<TcpRule> rules = spec.rules();
        boolean exchanged = false;
        while (step < rules.size()) {
            TcpRule r = rules.get(step);
            if (r instanceof Connect c) {
                step++;
                if (step > 1) {
                    reconnect(c, step);
                    return;
                }
            } else if (r instanceof Send s) {
                received = Buffer.buffer();
                socket.write(Buffer.buffer(s.data()));
                exchanged = true;
                step++;
            } else if (r instanceof ExpectRule e) {
                exchanged = true;
                Expect x = e.expect();
                byte[] raw = received.getBytes();
                boolean match = x.matches(new String(raw, StandardCharsets.ISO_8859_1), raw);
                if (match != x.negate()) {
                    if (x.negate() && !closed) {
                        return; // "!" holds only once nothing more can come
                    }
                    step++;
                    continue;
                }
                if (match && x.negate()) {
                    finish(new CheckResult(CheckStatus.L7RSP, -1, "TCPCHK matched unwanted content '" + x.pattern() + "' at step "
                            + (step + 1), 0));
                    return;
                }
                if (closed) {
                    String kind = x.kind().equals("string") ? "" : x.kind().startsWith("r") ? " (regex)" : " (binary)";
                    finish(new CheckResult(CheckStatus.L7RSP, -1, "TCPCHK did not match content" + kind + " '" + x.pattern()
                            + "' at step " + (step + 1), 0));
                }
                return;
            }
        }
        finish(exchanged || !rules.isEmpty() ? new CheckResult(CheckStatus.L7OK, 0, "(tcp-check)", 0)
                : new CheckResult(CheckStatus.L4OK, -1, null, 0));
    }

    /**
     * A {@code tcp-check connect} after the first: closes the current connection and opens a new
     * one (to {@code port N} when given), then goes on with the next rule; a failure ends the
     * check with HAProxy's {@code Connection refused at step N of tcp-check (connect port P)}.
     */
    private void reconnect(Connect c, int ruleNumber) {
        NetSocket old = socket;
        old.handler(null);
        old.closeHandler(null);
        old.close();
        var cs = server.settings().check();
        String host = cs.addr() != null ? cs.addr() : server.host();
        int port = c.port() > 0 ? c.port() : cs.port() > 0 ? cs.port() : server.port();
        client.connect(port, host).onComplete(ar -> {
            if (done.future().isComplete()) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                CheckResult f = connectFailure(ar.cause());
                String info = f.info() == null ? "" : f.info().replace(" at initial connection step of tcp-check", "");
                finish(new CheckResult(f.status(), -1, (info.isEmpty() ? "" : info + " ") + "at step " + ruleNumber + " of tcp-check"
                        + (c.port() > 0 ? " (connect port " + c.port() + ")" : " (connect)"), 0));
                return;
            }
            socket = ar.result();
            closed = false;
            received = Buffer.buffer();
            socket.handler(this::onData);
            socket.closeHandler(v -> {
                closed = true;
                evaluate();
            });
            socket.exceptionHandler(e -> { });
            evaluate();
        });
    }

    private void evaluateHttp() {
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int eoh = text.indexOf("\r\n\r\n");
        if (eoh < 0 && !closed) {
            return;
        }
        int eol = text.indexOf("\r\n");
        String statusLine = eol < 0 ? text : text.substring(0, eol);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            finish(new CheckResult(CheckStatus.L7RSP, -1, closed && text.isEmpty() ? "Empty response" : "Invalid response", 0));
            return;
        }
        int code = Integer.parseInt(parts[1]);
        String reason = parts.length > 2 ? parts[2] : "";
        String body = eoh < 0 ? "" : text.substring(eoh + 4);
        if (!closed) {
            int cl = contentLength(text.substring(0, eoh));
            if (cl < 0 || body.length() < cl) {
                return; // wait for the whole body (or the close)
            }
            body = body.substring(0, cl);
        }
        if (code == 404 && spec.disableOn404() && server.up()) {
            // precedence over "http-check expect" (doc 4.2 "http-check disable-on-404"), running servers only
            finish(new CheckResult(CheckStatus.L7OKC, code, null, 0));
            return;
        }
        Expect x = spec.expect();
        if (x == null) {
            finish(code >= 200 && code < 400 ? new CheckResult(CheckStatus.L7OK, code, null, 0)
                    : new CheckResult(CheckStatus.L7STS, code, reason, 0));
            return;
        }
        boolean status = x.kind().endsWith("status");
        boolean ok = x.matches(status ? parts[1] : body, body.getBytes(StandardCharsets.ISO_8859_1)) != x.negate();
        if (ok) {
            finish(new CheckResult(CheckStatus.L7OK, code, null, 0));
        } else if (status) {
            finish(new CheckResult(CheckStatus.L7STS, code, reason, 0));
        } else {
            finish(new CheckResult(CheckStatus.L7RSP, code, "HTTP content check did not match", 0));
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int c = line.indexOf(':');
            if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase("content-length")) {
                try {
                    return Integer.parseInt(line.substring(c + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private void finish(CheckResult r) {
        if (done.future().isComplete()) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (socket != null && !closed) {
            socket.close();
        }
        done.complete(r);
    }
}

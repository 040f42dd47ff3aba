package io.luxy.proxy;

/**
 * A proxy's timeouts in milliseconds (0 = none), from {@code timeout connect|client|server|
 * http-request|http-keep-alive|queue|tunnel|check|client-fin|server-fin}, inherited from
 * defaults (HAProxy doc/configuration.txt 4.2 "timeout").
 */
public record Timeouts(long connect, long client, long server, long httpRequest, long httpKeepAlive, long queue,
                       long tunnel, long check, long clientFin, long serverFin) {

    /** No timeout set. */
    public static final Timeouts NONE = new Timeouts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

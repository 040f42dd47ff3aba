package io.luxy.proxy;

/**
 * A proxy's timeouts in milliseconds (0 = none), from {@code timeout connect|client|server|
 * http-request}, inherited from defaults.
 */
public record Timeouts(long connect, long client, long server, long httpRequest) {
}

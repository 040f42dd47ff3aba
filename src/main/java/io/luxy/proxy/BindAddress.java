package io.luxy.proxy;

/**
 * One address of a {@code bind} line: host ("0.0.0.0" for {@code *} or empty) and port.
 * Accepts {@code host:port}, {@code *:port}, {@code :port}, {@code ipv4@host:port},
 * {@code ipv6@[addr]:port}.
 */
public record BindAddress(String host, int port) {

    /** Parses one address; returns null when it has no valid port. */
    public static BindAddress parse(String text) {
        String t = text;
        if (t.startsWith("ipv4@") || t.startsWith("ipv6@")) {
            t = t.substring(5);
        }
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = t.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (port < 1 || port > 65535) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.equals("*")) {
            host = "0.0.0.0";
        }
        return new BindAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

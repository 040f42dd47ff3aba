package io.luxy.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Syntax of one listening or server address as HAProxy's {@code str2sa_range()} (src/tools.c)
 * accepts it: an optional family prefix ({@code ipv4@}, {@code ipv6@}, {@code unix@}…), a host
 * ({@code *}, empty, IPv4, {@code [IPv6]}, bare IPv6 or a resolvable name) and a port or range.
 */
final class AddressSyntax {

    private static final List<String> PATH_PREFIXES = List.of("unix@", "abns@", "fd@", "sockpair@", "uxst@", "uxdg@");
    private static final List<String> IP_PREFIXES = List.of("ipv4@", "ipv6@", "tcp@", "tcp4@", "tcp6@", "udp@", "udp4@", "udp6@", "quic4@", "quic6@");

    private AddressSyntax() {
    }

    /**
     * The error text HAProxy prints after {@code 'bind' : }, or null when {@code addr} is acceptable;
     * host names are resolved only when {@code resolve} (servers resolve at start, not while parsing).
     */
    static String check(String addr, boolean portRequired, boolean resolve) {
        String rest = addr;
        if (rest.startsWith("/")) {
            return null;
        }
        for (String p : PATH_PREFIXES) {
            if (rest.startsWith(p)) {
                return null;
            }
        }
        for (String p : IP_PREFIXES) {
            if (rest.startsWith(p)) {
                rest = rest.substring(p.length());
                break;
            }
        }
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                return "invalid address: '" + rest + "' in '" + addr + "'";
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            port = after.startsWith(":") ? after.substring(1) : null;
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (port == null || port.isEmpty()) {
            if (portRequired) {
                return "missing port specification in '" + addr + "'";
            }
        } else if (!port.matches("[+-]?\\d+(-\\d+)?") || !validPorts(port)) {
            return "invalid port '" + port + "'";
        }
        if (resolve && !host.isEmpty() && !host.equals("*") && !resolvable(host)) {
            return "invalid address: '" + host + "' in '" + addr + "'";
        }
        return null;
    }

    private static boolean validPorts(String port) {
        String p = port.startsWith("+") || port.startsWith("-") ? port.substring(1) : port;
        for (String part : p.split("-")) {
            if (part.length() > 5 || Integer.parseInt(part) > 65535) {
                return false;
            }
        }
        return true;
    }

    private static boolean resolvable(String host) {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return host.matches("(\\d{1,3}\\.){3}\\d{1,3}") || host.contains(":");
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

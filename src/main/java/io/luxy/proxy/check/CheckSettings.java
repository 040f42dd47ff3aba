package io.luxy.proxy.check;

/**
 * Health-check settings of one server ({@code check}, {@code inter}, {@code fastinter},
 * {@code downinter}, {@code rise}, {@code fall}, {@code port}, {@code addr}, {@code check-ssl},
 * {@code slowstart}), times in milliseconds. HAProxy's defaults: inter 2000, rise 2, fall 3;
 * fastinter and downinter default to inter; no slow start. HAProxy doc/configuration.txt 5.2.
 *
 * @param ssl       {@code check-ssl}: checks over TLS even when the server's traffic is not
 * @param slowstart {@code slowstart}: after the server comes UP, its weight ramps up over this time (0 = none)
 * @param agent     {@code agent-check} with {@code agent-port}, {@code agent-inter}, {@code agent-addr}, {@code agent-send}; null when off
 */
public record CheckSettings(boolean enabled, long inter, long fastinter, long downinter, int rise, int fall,
                            int port, String addr, boolean ssl, long slowstart, Agent agent) {

    /** HAProxy's defaults, check disabled. */
    public static final CheckSettings DEFAULT = new CheckSettings(false, 2000, 0, 0, 2, 3, 0, null);

    /**
     * The agent of {@code agent-check} (HAProxy doc/configuration.txt 5.2 "agent-check"): TCP
     * port, interval in ms ({@code agent-inter}, default {@code inter}), address (null: the
     * server's) and the string sent after connecting (null: none).
     */
    public record Agent(int port, long inter, String addr, String send) {
    }

    /** Settings without {@code check-ssl}, {@code slowstart} nor agent. */
    public CheckSettings(boolean enabled, long inter, long fastinter, long downinter, int rise, int fall, int port, String addr) {
        this(enabled, inter, fastinter, downinter, rise, fall, port, addr, false, 0, null);
    }

    /** The same settings with {@code check} on or off. */
    public CheckSettings withEnabled(boolean on) {
        return new CheckSettings(on, inter, fastinter, downinter, rise, fall, port, addr, ssl, slowstart, agent);
    }
}

package io.luxy.proxy.check;

/**
 * Health-check timing of one server ({@code check}, {@code inter}, {@code fastinter},
 * {@code downinter}, {@code rise}, {@code fall}, {@code port}, {@code addr}), in milliseconds.
 * HAProxy's defaults: inter 2000, rise 2, fall 3; fastinter and downinter default to inter.
 */
public record CheckSettings(boolean enabled, long inter, long fastinter, long downinter, int rise, int fall,
                            int port, String addr) {

    /** HAProxy's defaults, check disabled. */
    public static final CheckSettings DEFAULT = new CheckSettings(false, 2000, 0, 0, 2, 3, 0, null);

    /** The same settings with {@code check} on or off. */
    public CheckSettings withEnabled(boolean on) {
        return new CheckSettings(on, inter, fastinter, downinter, rise, fall, port, addr);
    }
}

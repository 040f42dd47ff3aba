package io.luxy.runtime;

/** Process-wide facts for {@code show info} and the exporters: start time and version. */
public final class ProcessInfo {

    /** When this JVM started serving, wall-clock ms. */
    public static final long START_MILLIS = System.currentTimeMillis();

    /** The HAProxy version Luxy reports, the one its behaviour follows. */
    public static final String VERSION = "2.6.12-luxy";

    /** The release date reported with {@link #VERSION}. */
    public static final String RELEASE_DATE = "2025/10/03";

    private ProcessInfo() {
    }
}

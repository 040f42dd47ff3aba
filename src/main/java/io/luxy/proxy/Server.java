package io.luxy.proxy;

import java.util.concurrent.atomic.AtomicInteger;

import io.luxy.proxy.check.CheckState;

/**
 * A backend server at run time ({@code server NAME ADDR:PORT [options]}, HAProxy doc/configuration.txt 5.2):
 * its settings, the address it connects to (changeable at run time), its current weight
 * (0..256, HAProxy's "set weight"), its administrative state (READY/DRAIN/MAINT), the operational
 * state its health check gives (UP/DOWN), and live counters. Thread-safe: state fields are
 * volatile, counters atomic; the request path reads them without locks.
 */
public final class Server {

    /** Administrative state, as HAProxy's {@code set server be/s state ready|drain|maint}. */
    public enum AdminState { READY, DRAIN, MAINT }

    private final ServerSettings settings;
    private volatile String host;
    private volatile int port;
    private volatile int weight;
    private volatile AdminState admin;
    private volatile boolean up = true;
    private volatile boolean nolb;
    private volatile int rampPermille = 1000;
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final CheckState checkState;
    private volatile Runnable onChange = () -> { };
    private final ProxyCounters counters = new ProxyCounters();
    private volatile boolean healthEnabled = true;
    private volatile long lastChangeMillis = System.currentTimeMillis();

    /** A server in its configured state: MAINT when {@code disabled}, UP until a check says otherwise. */
    public Server(ServerSettings settings) {
        this.settings = settings;
        this.host = settings.host();
        this.port = settings.port();
        this.weight = settings.weight();
        this.admin = settings.disabled() ? AdminState.MAINT : AdminState.READY;
        this.checkState = new CheckState(settings.check().rise(), settings.check().fall());
    }

    /** A plain server (tests, Lua-less configs): weight {@code weight}, no options. */
    public Server(String name, String host, int port, int weight, boolean check) {
        this(ServerSettings.plain(name, host, port, weight, check));
    }

    /** The configuration this server was built from. */
    public ServerSettings settings() {
        return settings;
    }

    /** The server's name in its backend. */
    public String name() {
        return settings.name();
    }

    /** Host or IP to connect to (a DNS name is resolved by the connector). */
    public String host() {
        return host;
    }

    /** TCP port. */
    public int port() {
        return port;
    }

    /** Changes the address ({@code set server be/s addr IP [port N]}); a port of 0 keeps the current one. */
    public void address(String newHost, int newPort) {
        this.host = newHost;
        if (newPort > 0) {
            this.port = newPort;
        }
    }

    /**
     * Current effective weight (0 takes no traffic): the weight set at run time or in the
     * configuration, scaled down while a {@code slowstart} ramp runs (never below 1 for a
     * non-zero weight, as HAProxy's eweight).
     */
    public int weight() {
        int w = weight;
        int ramp = rampPermille;
        return ramp >= 1000 || w == 0 ? w : Math.max(1, (w * ramp + 999) / 1000);
    }

    /**
     * The slow-start ramp in permille of the weight (1000 = full weight), set by the health
     * checker after the server comes UP ({@code slowstart}, HAProxy doc/configuration.txt 5.2).
     */
    public void ramp(int permille) {
        int p = Math.max(0, Math.min(1000, permille));
        if (p != rampPermille) {
            this.rampPermille = p;
            onChange.run();
        }
    }

    /** The slow-start ramp in permille (1000 when none runs). */
    public int ramp() {
        return rampPermille;
    }

    /** Sets the current weight (0..256); balancers read it on their next pick. */
    public void weight(int value) {
        int w = Math.max(0, Math.min(256, value));
        if (w != weight) {
            this.weight = w;
            onChange.run();
        }
    }

    /** Weight given in the configuration (HAProxy's "initial weight", base of {@code set weight N%}). */
    public int initialWeight() {
        return settings.weight();
    }

    /** True when {@code check} was given. */
    public boolean checked() {
        return settings.check().enabled();
    }

    /** True for a {@code backup} server (used only when no active server is usable). */
    public boolean backup() {
        return settings.backup();
    }

    /** Administrative state. */
    public AdminState admin() {
        return admin;
    }

    /** Sets the administrative state. */
    public void admin(AdminState value) {
        if (value != admin) {
            this.admin = value;
            this.lastChangeMillis = System.currentTimeMillis();
            onChange.run();
        }
    }

    /** Operational state from health checks (true = UP; always true for unchecked servers). */
    public boolean up() {
        return up;
    }

    /** Sets the operational state (health checker). */
    public void up(boolean value) {
        if (!healthEnabled) {
            return; // "disable health": check results are ignored, the state is kept
        }
        if (value != up) {
            this.up = value;
            this.lastChangeMillis = System.currentTimeMillis();
            onChange.run();
        }
    }

    /** The health-check state of this server (results of the last check; see {@link CheckState}). */
    public CheckState checkState() {
        return checkState;
    }

    /**
     * Registers what runs after this server's weight, admin or UP/DOWN state changed (its
     * backend's balancer rebuilding cached tables); replaces the previous listener.
     */
    public void onChange(Runnable listener) {
        this.onChange = listener == null ? () -> { } : listener;
    }

    /**
     * True while a passing {@code http-check disable-on-404} check keeps the server UP but out of
     * load balancing (HAProxy's NOLB, "Server be/s is stopping").
     */
    public boolean nolb() {
        return nolb;
    }

    /** Sets or clears NOLB (health checker). */
    public void nolb(boolean value) {
        if (value != nolb) {
            this.nolb = value;
            onChange.run();
        }
    }

    /** True when the balancer may send new traffic: READY, UP, not NOLB and weight above 0. */
    public boolean usable() {
        return up && !nolb && admin == AdminState.READY && weight > 0;
    }

    /** Connections currently open to this server (HAProxy's {@code scur}). */
    public int currentConns() {
        return current.get();
    }

    /**
     * Takes a connection slot: true when under {@code maxconn} (0 = unlimited), and the count is
     * then raised; the caller must {@link #release()} exactly once.
     */
    public boolean tryAcquire() {
        int max = maxconn();
        while (true) {
            int c = current.get();
            if (max > 0 && c >= max) {
                return false;
            }
            if (current.compareAndSet(c, c + 1)) {
                counters.sessionCounted(c + 1);
                return true;
            }
        }
    }

    /** Gives a slot back (see {@link #tryAcquire()}). */
    public void release() {
        current.decrementAndGet();
    }

    /** Requests waiting in this server's queue (HAProxy's {@code qcur}). */
    public AtomicInteger queued() {
        return queued;
    }

    /** This server's statistics counters ({@code show stat}). */
    public ProxyCounters counters() {
        return counters;
    }

    /** {@code maxconn}: the runtime API's value when set ({@code set maxconn server}), else the configured one (0 = unlimited). */
    public int maxconn() {
        int m = counters.maxconn();
        return m >= 0 ? m : settings.maxconn();
    }

    /** True unless the runtime API stopped health checks ({@code disable health}). */
    public boolean healthEnabled() {
        return healthEnabled;
    }

    /**
     * Enables or disables health checks ({@code enable|disable health be/s}): while disabled,
     * check results are ignored and the server keeps its operational state.
     */
    public void healthEnabled(boolean value) {
        this.healthEnabled = value;
    }

    /** Wall-clock ms of the last admin or operational state change (stats {@code lastchg}). */
    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    @Override
    public String toString() {
        return name() + "@" + host + ":" + port;
    }
}

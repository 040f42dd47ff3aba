package io.luxy.proxy;

/**
 * A backend server ({@code server NAME ADDR:PORT [weight N] [check]}): address, weight (0..256,
 * default 1) and the state its health check gives (UP until a check says otherwise).
 */
public final class Server {

    private final String name;
    private final String host;
    private final int port;
    private final int weight;
    private final boolean check;
    private volatile boolean up = true;

    public Server(String name, String host, int port, int weight, boolean check) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.weight = weight;
        this.check = check;
    }

    /** The server's name in its backend. */
    public String name() {
        return name;
    }

    /** Host or IP to connect to. */
    public String host() {
        return host;
    }

    /** TCP port. */
    public int port() {
        return port;
    }

    /** Configured weight (0 takes no traffic). */
    public int weight() {
        return weight;
    }

    /** True when {@code check} was given. */
    public boolean checked() {
        return check;
    }

    /** True when the server may take traffic. */
    public boolean up() {
        return up;
    }

    /** Sets the health state (health checker). */
    public void up(boolean value) {
        this.up = value;
    }
}

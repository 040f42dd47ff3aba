package io.luxy.proxy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.TCPServerBase;

/**
 * The listening sockets, kept across generations. Each bind address (mode, host, port) has one
 * Vert.x server per event loop, all sharing one listening socket; every server hands a new
 * connection to the {@link FrontDoor} of the generation in service (one volatile read per
 * connection), so a reload swaps that reference instead of binding new servers: no connection
 * is accepted by a server that then closes under it.
 * <p>
 * A reload {@link #open opens} the next generation's binds that are not open (new addresses,
 * or server options that changed: those get new servers beside the old ones on the same
 * socket), {@link #route routes} every bind to the new doors (a TLS bind also takes the new
 * certificates), then {@link #closeExcept closes} what the new generation does not use.
 * {@link #abandon} undoes an {@code open} whose generation failed to start.
 * <p>
 * An HTTP client connection belongs to its bind, not to a generation ({@link KeptConnection}):
 * each of its requests goes to the door in service when the request head arrives, so a reload
 * closes no connection. A bind that closes (removed, or shutdown) closes its connections after
 * their response in flight, which says {@code Connection: close}, or at once when idle; Vert.x,
 * which would close them all with the socket's last server, is kept from doing so. Calls are
 * serialised by the caller (reloads are); servers are created and closed on their own event
 * loop (Vert.x 4.5's per-loop handler list of a shared socket is not thread-safe).
 */
public final class ListenerRegistry {

    private static final Logger LOG = Logger.getLogger("luxy");
    /** {@link #childrenOf} failed once (said once). */
    private static volatile boolean childrenWarned;

    private final Vertx vertx;
    /** One context per Vert.x event loop, in the group's order (the loop index). */
    private final List<ContextInternal> loops = new ArrayList<>();
    private final Map<FrontDoor.Key, Slot> slots = new HashMap<>();
    /** The HTTP client connections open on every bind, closed or not. */
    private final Set<KeptConnection> connections = ConcurrentHashMap.newKeySet();

    /** The servers of one bind address with one shape: one per event loop. */
    private final class Servers {
        final FrontDoor.Shape shape;
        /** The server of each event loop (null until created, and after close). */
        final Object[] servers = new Object[loops.size()];

        Servers(FrontDoor.Shape shape) {
            this.shape = shape;
        }

        Future<Void> listen(Slot slot, FrontDoor door) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < loops.size(); i++) {
                int loop = i;
                ContextInternal ctx = loops.get(i);
                Promise<Void> p = Promise.promise();
                ctx.runOnContext(v -> {
                    if (door.key().mode() == Mode.HTTP) {
                        HttpServer s = vertx.createHttpServer(door.httpOptions());
                        synchronized (servers) {
                            servers[loop] = s;
                        }
                        s.connectionHandler(c -> slot.dispatch(c, loop, s))
                                // never reached: the connection handler sets each connection's own handlers
                                .requestHandler(r -> r.connection().close())
                                .listen().<Void>mapEmpty().onComplete(p);
                    } else {
                        NetServer s = vertx.createNetServer(door.netOptions());
                        synchronized (servers) {
                            servers[loop] = s;
                        }
                        s.connectHandler(c -> slot.dispatch(c, loop, s)).listen().<Void>mapEmpty().onComplete(p);
                    }
                });
                all.add(p.future());
            }
            return Future.all(all).mapEmpty();
        }

        /** Closes each server on its own event loop. */
        Future<Void> close() {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < servers.length; i++) {
                Object s;
                synchronized (servers) {
                    s = servers[i];
                    servers[i] = null;
                }
                if (s != null) {
                    Promise<Void> p = Promise.promise();
                    loops.get(i).runOnContext(v -> (s instanceof HttpServer h ? h.close() : ((NetServer) s).close()).onComplete(p));
                    all.add(p.future());
                }
            }
            return Future.join(all).mapEmpty();
        }

        /** Applies {@code ssl} to the shared socket (Vert.x applies it to the server that bound it). */
        Future<Void> updateSsl(io.vertx.core.net.SSLOptions ssl) {
            Object s = null;
            synchronized (servers) {
                for (Object o : servers) {
                    s = s != null ? s : o;
                }
            }
            if (s == null) {
                return Future.succeededFuture();
            }
            return (s instanceof HttpServer h ? h.updateSSLOptions(ssl, true) : ((NetServer) s).updateSSLOptions(ssl, true)).mapEmpty();
        }
    }

    /** One bind address: the door new connections and requests go to, and its servers. */
    private final class Slot implements Supplier<FrontDoor> {
        volatile FrontDoor door;
        Servers current;
        Servers pending;
        final List<Servers> stale = new ArrayList<>();
        /** Its servers closed: its connections close after their response, or now when idle. */
        volatile boolean closed;
        /** The connections Vert.x closes with the socket's last server (null until the first connection). */
        volatile ChannelGroup children;

        Slot(FrontDoor door) {
            this.door = door;
        }

        @Override
        public FrontDoor get() {
            return door;
        }

        void dispatch(HttpConnection c, int loop, Object server) {
            detach(((ConnectionBase) c).channel(), server);
            KeptConnection k = new KeptConnection(c, loop, this, connections::remove);
            connections.add(k);
            FrontDoor prev = null;
            for (FrontDoor d = door; d != prev; prev = d, d = door) {
                // a door whose generation has drained was swapped for a newer one before it retired
                if (d.accept(k)) {
                    if (closed) {
                        k.closing(d.connections());
                    }
                    return;
                }
            }
            c.close(); // a bind removed by a reload, its last generation stopped
        }

        void dispatch(NetSocket s, int loop, Object server) {
            detach(((ConnectionBase) s).channel(), server);
            FrontDoor prev = null;
            for (FrontDoor d = door; d != prev; prev = d, d = door) {
                if (d.connections().stream(s)) { // the stream stays with this generation until it ends
                    d.accept(s, loop);
                    return;
                }
            }
            s.close();
        }

        /**
         * Takes {@code ch} out of the group of connections Vert.x closes with the socket's last
         * server: when the bind closes, an HTTP connection closes after its response and a TCP
         * stream when it ends (or its generation's drain time is over), not under them.
         */
        private void detach(io.netty.channel.Channel ch, Object server) {
            ChannelGroup g = children;
            if (g == null) {
                g = childrenOf(server);
                children = g;
            }
            if (g != null) {
                g.remove(ch);
            }
        }

        /** Marks the slot closed: each of its connections closes after its response, or now when idle. */
        void closing() {
            closed = true;
            FrontDoor d = door;
            for (KeptConnection k : connections) {
                if (k.of(this)) {
                    k.closing(d.connections());
                }
            }
        }
    }

    /**
     * A registry listening on the first {@code instances} event loops of {@code vertx} (all of
     * them when there are fewer; at least one). The set is fixed for the registry's life, so
     * every generation listens on the same loops.
     */
    public ListenerRegistry(Vertx vertx, int instances) {
        this.vertx = vertx;
        VertxInternal vi = (VertxInternal) vertx;
        for (var e : vertx.nettyEventLoopGroup()) {
            if (loops.isEmpty() || loops.size() < instances) {
                loops.add(vi.createEventLoopContext((EventLoop) e, null, Thread.currentThread().getContextClassLoader()));
            }
        }
    }

    /** The number of event loops listened on: servers per bind address, and handlers per door. */
    public int eventLoops() {
        return loops.size();
    }

    /**
     * Listens on every bind of {@code doors} that is not open with the same server options. A
     * new address routes to its door at once (nothing else listens there); a changed one keeps
     * routing to the old door until {@link #route}. Fails when an address cannot be bound.
     */
    public synchronized Future<Void> open(List<FrontDoor> doors) {
        List<Future<?>> all = new ArrayList<>();
        for (FrontDoor d : doors) {
            Slot slot = slots.get(d.key());
            if (slot == null) {
                slot = new Slot(d);
                slots.put(d.key(), slot);
                slot.pending = new Servers(d.shape());
                all.add(slot.pending.listen(slot, d));
            } else if (slot.pending == null && !slot.current.shape.equals(d.shape())) {
                slot.pending = new Servers(d.shape());
                all.add(slot.pending.listen(slot, d));
            }
        }
        return Future.all(all).mapEmpty();
    }

    /**
     * Routes every bind of {@code doors} to them: new connections go to their generation from
     * now on. New certificates of a TLS bind are applied to its socket first.
     */
    public synchronized Future<Void> route(List<FrontDoor> doors) {
        List<Future<?>> ssl = new ArrayList<>();
        List<Runnable> swaps = new ArrayList<>();
        for (FrontDoor d : doors) {
            Slot slot = slots.get(d.key());
            if (slot.pending != null) {
                if (slot.current != null) {
                    slot.stale.add(slot.current);
                }
                slot.current = slot.pending;
                slot.pending = null;
            }
            io.vertx.core.net.SSLOptions o = d.sslOptions();
            if (o != null) {
                ssl.add(slot.current.updateSsl(o).onFailure(e -> LOG.warnf("Luxy kept the previous certificates of %s: %s", d.key(), e)));
            }
            swaps.add(() -> slot.door = d);
        }
        return Future.join(ssl).transform(v -> {
            swaps.forEach(Runnable::run);
            return Future.succeededFuture();
        });
    }

    /** Closes the binds that none of {@code doors} uses, and servers replaced by {@link #route}. */
    public synchronized Future<Void> closeExcept(List<FrontDoor> doors) {
        Set<FrontDoor.Key> keep = new HashSet<>();
        doors.forEach(d -> keep.add(d.key()));
        List<Future<?>> all = new ArrayList<>();
        slots.entrySet().removeIf(e -> {
            Slot slot = e.getValue();
            slot.stale.forEach(s -> all.add(s.close()));
            slot.stale.clear();
            if (keep.contains(e.getKey())) {
                return false;
            }
            all.add(close(slot));
            return true;
        });
        return Future.join(all).mapEmpty();
    }

    /** Closes what {@link #open} opened for {@code doors} (their generation failed to start). */
    public synchronized Future<Void> abandon(List<FrontDoor> doors) {
        List<Future<?>> all = new ArrayList<>();
        for (FrontDoor d : doors) {
            Slot slot = slots.get(d.key());
            if (slot != null && slot.pending != null) {
                if (slot.current == null) {
                    slot.closing();
                    slots.remove(d.key());
                }
                all.add(slot.pending.close());
                slot.pending = null;
            }
        }
        return Future.join(all).mapEmpty();
    }

    /** Closes every listening socket (shutdown). */
    public synchronized Future<Void> closeAll() {
        List<Future<?>> all = new ArrayList<>();
        slots.values().forEach(s -> all.add(close(s)));
        slots.clear();
        return Future.join(all).mapEmpty();
    }

    /**
     * Closes the client connections with a request of generation {@code g} in flight (its drain
     * time is over).
     */
    public void closeBusy(HttpConnections g) {
        for (KeptConnection k : connections) {
            if (k.busyWith(g)) {
                k.close();
            }
        }
    }

    /** HTTP client connections open now, on every bind. */
    public int connections() {
        return connections.size();
    }

    /** The bind addresses open now. */
    public synchronized Set<FrontDoor.Key> addresses() {
        return Set.copyOf(slots.keySet());
    }

    /**
     * The channel group of the listening socket {@code server} shares (Vert.x internals: its
     * actual server's load balancer), or null when this Vert.x has none where expected: the
     * connections then close with the socket's last server, as Vert.x does.
     */
    private static ChannelGroup childrenOf(Object server) {
        try {
            Field actual = TCPServerBase.class.getDeclaredField("actualServer");
            Field balancer = TCPServerBase.class.getDeclaredField("channelBalancer");
            actual.setAccessible(true);
            balancer.setAccessible(true);
            Object a = actual.get(server);
            Object b = a == null ? null : balancer.get(a);
            if (b == null) {
                return null;
            }
            Field group = b.getClass().getDeclaredField("channelGroup");
            group.setAccessible(true);
            return (ChannelGroup) group.get(b);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!childrenWarned) {
                childrenWarned = true;
                LOG.warnf("Luxy closes a bind's connections with it, in flight or not (Vert.x internals not found: %s)", e);
            }
            return null;
        }
    }

    private Future<Void> close(Slot slot) {
        slot.closing();
        List<Future<?>> all = new ArrayList<>();
        for (Servers s : new Servers[] {slot.current, slot.pending}) {
            if (s != null) {
                all.add(s.close());
            }
        }
        slot.stale.forEach(s -> all.add(s.close()));
        return Future.join(all).mapEmpty();
    }
}

package io.luxy.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics counters of one frontend, backend or server, as {@code show stat} reports them
 * (HAProxy doc/management.txt 9.1): cumulated sessions and requests, bytes, denials, errors,
 * retries, HTTP responses by class, current and maximum sessions, per-second rates and the time
 * of the last session. Lock-free: adders and atomics, incremented from the data path on any
 * event loop; readers get a consistent-enough snapshot field by field, as HAProxy's do.
 * Also holds the runtime API's switches that belong to the proxy: a paused frontend and a
 * {@code set maxconn} value.
 */
public final class ProxyCounters {

    /** Cumulated sessions ({@code stot}); for servers, connections given to it. */
    public final LongAdder stot = new LongAdder();
    /** Bytes in, from clients ({@code bin}). */
    public final LongAdder bin = new LongAdder();
    /** Bytes out, to clients ({@code bout}). */
    public final LongAdder bout = new LongAdder();
    /** Requests denied by rules ({@code dreq}). */
    public final LongAdder dreq = new LongAdder();
    /** Responses denied ({@code dresp}). */
    public final LongAdder dresp = new LongAdder();
    /** Request errors ({@code ereq}). */
    public final LongAdder ereq = new LongAdder();
    /** Failed connections to servers ({@code econ}). */
    public final LongAdder econ = new LongAdder();
    /** Response errors ({@code eresp}). */
    public final LongAdder eresp = new LongAdder();
    /** Connection retries ({@code wretr}). */
    public final LongAdder wretr = new LongAdder();
    /** Redispatches ({@code wredis}). */
    public final LongAdder wredis = new LongAdder();
    /** HTTP requests ({@code req_tot}). */
    public final LongAdder reqTot = new LongAdder();
    /** Connections accepted ({@code conn_tot}). */
    public final LongAdder connTot = new LongAdder();
    /** Times a server was picked by the balancer ({@code lbtot}). */
    public final LongAdder lbtot = new LongAdder();
    /** Aborts by the client ({@code cli_abrt}) and by the server ({@code srv_abrt}). */
    public final LongAdder cliAbrt = new LongAdder();
    /** Aborts by the server ({@code srv_abrt}). */
    public final LongAdder srvAbrt = new LongAdder();
    /** Requests intercepted by the proxy itself: stats page, monitor, services ({@code intercepted}). */
    public final LongAdder intercepted = new LongAdder();
    private final LongAdder[] hrsp = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
        new LongAdder(), new LongAdder()};
    private final AtomicInteger cur = new AtomicInteger();
    private final AtomicLong smax = new AtomicLong();
    private final AtomicLong qmax = new AtomicLong();
    /** Sessions per second ({@code rate}, {@code rate_max}). */
    public final Rate sessionRate = new Rate();
    /** HTTP requests per second ({@code req_rate}, {@code req_rate_max}). */
    public final Rate requestRate = new Rate();
    /** Connections per second ({@code conn_rate}, {@code conn_rate_max}). */
    public final Rate connRate = new Rate();
    private volatile long lastSessMillis;
    private volatile boolean paused;
    private volatile int maxconn = -1;

    /** A new session (connection for frontends, stream for backends and servers) starts now. */
    public void sessionOpened() {
        stot.increment();
        sessionRate.hit();
        lastSessMillis = System.currentTimeMillis();
        observeCurrent(cur.incrementAndGet());
    }

    /** A session counted by {@link #sessionOpened()} ended. */
    public void sessionClosed() {
        cur.decrementAndGet();
    }

    /** Counts a session without tracking it as current (the current count is kept elsewhere). */
    public void sessionCounted(int current) {
        stot.increment();
        sessionRate.hit();
        lastSessMillis = System.currentTimeMillis();
        observeCurrent(current);
    }

    /** An accepted connection ({@code conn_tot}, {@code conn_rate}). */
    public void connection() {
        connTot.increment();
        connRate.hit();
    }

    /** An HTTP request was received ({@code req_tot}, {@code req_rate}). */
    public void request() {
        reqTot.increment();
        requestRate.hit();
    }

    /** A response with HTTP {@code status} (0 or less: none); {@code in}/{@code out} bytes from/to the client. */
    public void response(int status, long in, long out) {
        if (status > 0) {
            int c = status / 100;
            hrsp[c >= 1 && c <= 5 ? c - 1 : 5].increment();
        }
        bin.add(Math.max(0, in));
        bout.add(Math.max(0, out));
    }

    /** Raises the maximum of concurrent sessions to {@code current} when above it. */
    public void observeCurrent(long current) {
        if (current > smax.get()) {
            smax.accumulateAndGet(current, Math::max);
        }
    }

    /** Raises the maximum queue length to {@code queued} when above it. */
    public void observeQueue(long queued) {
        if (queued > qmax.get()) {
            qmax.accumulateAndGet(queued, Math::max);
        }
    }

    /** Responses of class {@code n}xx (1..5) or, for 0, other statuses. */
    public long hrsp(int n) {
        return hrsp[n >= 1 && n <= 5 ? n - 1 : 5].sum();
    }

    /** Current sessions tracked by {@link #sessionOpened()}. */
    public int current() {
        return cur.get();
    }

    /** Highest concurrent sessions seen ({@code smax}). */
    public long smax() {
        return smax.get();
    }

    /** Highest queue length seen ({@code qmax}). */
    public long qmax() {
        return qmax.get();
    }

    /** Wall-clock ms of the last session, 0 when none ({@code lastsess} is seconds since). */
    public long lastSessMillis() {
        return lastSessMillis;
    }

    /** True when the runtime API paused this frontend ({@code disable frontend}). */
    public boolean paused() {
        return paused;
    }

    /** Pauses or resumes the frontend. */
    public void paused(boolean value) {
        this.paused = value;
    }

    /** {@code maxconn} set at run time, or -1 when the configured one applies. */
    public int maxconn() {
        return maxconn;
    }

    /** Sets the run-time {@code maxconn} (-1 to return to the configured one). */
    public void maxconn(int value) {
        this.maxconn = value;
    }

    /** {@code clear counters}: resets the maxima; with {@code all}, every counter. */
    public void clear(boolean all) {
        smax.set(cur.get());
        qmax.set(0);
        sessionRate.clearMax();
        requestRate.clearMax();
        connRate.clearMax();
        if (!all) {
            return;
        }
        for (LongAdder a : new LongAdder[] {stot, bin, bout, dreq, dresp, ereq, econ, eresp, wretr, wredis, reqTot,
            connTot, lbtot, cliAbrt, srvAbrt, intercepted}) {
            a.reset();
        }
        for (LongAdder a : hrsp) {
            a.reset();
        }
        lastSessMillis = 0;
    }

    @Override
    public String toString() {
        return "ProxyCounters[stot=" + stot.sum() + "]";
    }

    /**
     * Events per second, as HAProxy's {@code freq_ctr}: the current second's count plus the
     * previous second's weighted by what remains of the current one; and the highest value read.
     */
    public static final class Rate {
        private final AtomicLong window = new AtomicLong(); // epoch second << 24 | count
        private volatile long prev;
        private final AtomicLong max = new AtomicLong();

        /** One event now. */
        public void hit() {
            long now = System.currentTimeMillis() / 1000;
            while (true) {
                long w = window.get();
                long sec = w >>> 24;
                long next;
                if (sec == now) {
                    next = w + 1;
                } else {
                    next = (now << 24) | 1;
                }
                if (window.compareAndSet(w, next)) {
                    if (sec != now) {
                        prev = sec == now - 1 ? (w & 0xFFFFFF) : 0;
                    }
                    max.accumulateAndGet(read(), Math::max);
                    return;
                }
            }
        }

        /** Events over the last second. */
        public long read() {
            long nowMs = System.currentTimeMillis();
            long now = nowMs / 1000;
            long w = window.get();
            long sec = w >>> 24;
            long curr = w & 0xFFFFFF;
            long p = prev;
            if (sec == now) {
                return curr + p * (1000 - nowMs % 1000) / 1000;
            }
            if (sec == now - 1) {
                return curr * (1000 - nowMs % 1000) / 1000;
            }
            return 0;
        }

        /** Highest rate seen. */
        public long max() {
            return max.get();
        }

        void clearMax() {
            max.set(0);
        }
    }
}

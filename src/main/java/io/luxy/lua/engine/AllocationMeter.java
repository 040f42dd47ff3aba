package io.luxy.lua.engine;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples how many heap bytes the current thread has allocated, for {@code tune.lua.maxmem}.
 * Uses {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}. The JDK reports -1 for a
 * virtual thread: its allocations are counted on its carrier thread. So for a virtual thread the
 * meter reads the carrier's counter; the carrier is named in {@code VirtualThread.toString()}
 * ({@code VirtualThread[#23]/runnable@ForkJoinPool-1-worker-1}), and carrier names are mapped to
 * thread ids once (carriers are few and long-lived). A virtual thread stays on its carrier while
 * it runs Lua without blocking, so the difference of two samples taken on the same carrier is
 * what the invocation allocated in between (approximation: anything another virtual thread
 * allocated on that carrier while this one was parked in between is counted too). A virtual
 * thread carried by an event loop ({@link LoopThreads}) reads that loop thread's counter directly.
 */
final class AllocationMeter {

    /** One sample: the thread whose counter was read, and its value (-1 when unavailable). */
    record Sample(long threadId, long bytes) {
    }

    private static final com.sun.management.ThreadMXBean MX = mxBean();
    private static final Map<String, Long> CARRIERS = new ConcurrentHashMap<>();
    private static final Sample NONE = new Sample(-1, -1);

    private AllocationMeter() {
    }

    private static com.sun.management.ThreadMXBean mxBean() {
        try {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            if (mx.isThreadAllocatedMemorySupported()) {
                mx.setThreadAllocatedMemoryEnabled(true);
                return mx;
            }
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot JVM: maxmem cannot be measured
        }
        return null;
    }

    /** Samples the counter of the current thread (its carrier for a virtual thread). */
    static Sample sample() {
        if (MX == null) {
            return NONE;
        }
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            return new Sample(t.threadId(), MX.getCurrentThreadAllocatedBytes());
        }
        Thread loop = LoopThreads.carrier();
        if (loop != null) { // carried by an event loop for its whole life (LoopThreads)
            long bytes = MX.getThreadAllocatedBytes(loop.threadId());
            return bytes < 0 ? NONE : new Sample(loop.threadId(), bytes);
        }
        String s = t.toString();
        int at = s.lastIndexOf('@');
        if (at < 0) {
            return NONE; // not mounted (cannot happen while running)
        }
        String carrier = s.substring(at + 1);
        Long id = CARRIERS.get(carrier);
        if (id == null) {
            id = findCarrier(carrier);
            if (id == null) {
                return NONE;
            }
        }
        long bytes = MX.getThreadAllocatedBytes(id);
        if (bytes < 0) {
            CARRIERS.remove(carrier); // that carrier ended; its name may come back with a new thread
            return NONE;
        }
        return new Sample(id, bytes);
    }

    private static Long findCarrier(String name) {
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().equals(name)) {
                CARRIERS.put(name, th.threadId());
                return th.threadId();
            }
        }
        return null;
    }
}

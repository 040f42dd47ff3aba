package io.luxy.lua.engine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

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
 * <p>
 * What a thread allocated is mostly garbage in Lua code (numbers boxed by LuaJ, temporary
 * strings), which Lua's own allocator would have freed. So the meter also follows the garbage
 * collector: {@link #gcCount()} counts collections and {@link #gcRetained()} adds up, over
 * them, how much the heap in use after a collection grew from the one before (0 when it shrank;
 * from the collectors' notifications, which may come a little after the collection).
 * An invocation whose allocations went through a collection is charged at most that growth for
 * them ({@link Invocation}): a loop that keeps nothing is not charged its garbage, one that keeps
 * what it allocates is (its objects are in the growth). Between two collections nothing tells
 * garbage from kept objects: {@link #youngCapacity()} says how much that can be.
 */
final class AllocationMeter {

    /** One sample: the thread whose counter was read, and its value (-1 when unavailable). */
    record Sample(long threadId, long bytes) {
    }

    private static final com.sun.management.ThreadMXBean MX = mxBean();
    private static final Map<String, Long> CARRIERS = new ConcurrentHashMap<>();
    private static final Sample NONE = new Sample(-1, -1);
    private static final MemoryPoolMXBean EDEN = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Eden")).findFirst().orElse(null);
    private static final java.util.List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private static volatile long gcRetained;
    private static long heapAfterLastGc = -1; // written by the notification thread only

    static {
        listenToCollections();
    }

    private AllocationMeter() {
    }

    /** Collections since the JVM started, read from the collectors (not their late notifications). */
    static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /** The sum, over collections, of the growth of the heap in use after each (bytes). */
    static long gcRetained() {
        return gcRetained;
    }

    /**
     * The young generation's allocation space now (bytes; 0 when unknown): how much can be
     * allocated between two collections, so how much garbage the meter may not have seen
     * collected yet.
     */
    static long youngCapacity() {
        return EDEN == null ? 0 : Math.max(0, EDEN.getUsage().getCommitted());
    }

    private static void listenToCollections() {
        try {
            Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, handback) -> {
                        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                            collected(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                                    .getGcInfo().getMemoryUsageAfterGc(), heapPools);
                        }
                    }, null, null);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no notifications: every allocation is charged until the invocation waits
        }
    }

    private static synchronized void collected(Map<String, MemoryUsage> after, Set<String> heapPools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        if (heapAfterLastGc >= 0 && used > heapAfterLastGc) {
            gcRetained += used - heapAfterLastGc;
        }
        heapAfterLastGc = used;
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

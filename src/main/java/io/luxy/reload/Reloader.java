package io.luxy.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Watches the configuration and every {@code lua-load} script and reloads when one changes.
 * It watches the parent folders, not the files: an editor saves by rename, and the kubelet
 * updates a ConfigMap volume by writing a timestamped folder and renaming a new {@code ..data}
 * symlink over the old one, so the file names never change while their targets do. An event
 * on a watched name, on {@code ..data}, or anywhere in a folder given as configuration, starts
 * a {@code debounce} timer; when it fires, the files' contents are compared with the last
 * attempt and, if they differ, {@link GenerationSwitch#reload()} runs on the reload thread.
 * {@link #reload()} reloads unconditionally (SIGHUP, runtime API).
 */
public final class Reloader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("luxy");
    private static final String CONFIGMAP_DATA = "..data";

    private final GenerationSwitch generations;
    private final long debounceMillis;
    private final WatchService watcher;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("luxy-reload").unstarted(r));
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Thread loop;
    private volatile Set<Path> names = Set.of();
    private volatile Set<Path> folders = Set.of();
    private ScheduledFuture<?> pending;
    private Fingerprint last;

    /** Starts watching what {@code generations} serves now; {@code debounceMillis} ~200. */
    public Reloader(GenerationSwitch generations, long debounceMillis) throws IOException {
        this.generations = generations;
        this.debounceMillis = debounceMillis;
        this.watcher = FileSystems.getDefault().newWatchService();
        try {
            worker.submit(this::rewatch).get(); // watching before the constructor returns: no edit is missed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting to watch", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot watch the configuration", e.getCause());
        }
        this.loop = Thread.ofPlatform().daemon().name("luxy-watch").start(this::watch);
    }

    /** Reloads now (on the reload thread) whatever changed; the future ends with the status. */
    public java.util.concurrent.CompletableFuture<GenerationSwitch.Status> reload() {
        return java.util.concurrent.CompletableFuture.supplyAsync(this::reloadNow, worker);
    }

    private GenerationSwitch.Status reloadNow() {
        last = Fingerprint.of(generations.watched());
        GenerationSwitch.Status s = generations.reload();
        rewatch();
        return s;
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                boolean relevant = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        relevant = true;
                        continue;
                    }
                    Path name = (Path) e.context();
                    relevant |= folders.contains(dir) || name.toString().equals(CONFIGMAP_DATA)
                            || names.contains(dir.resolve(name));
                }
                key.reset();
                if (relevant) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = worker.schedule(this::onChange, debounceMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs on the reload thread after the files stayed quiet for the debounce time. */
    private void onChange() {
        Fingerprint now = Fingerprint.of(generations.watched());
        if (now.equals(last)) {
            return;
        }
        reloadNow();
    }

    /** (Re)registers the parent folders of every watched path (a script list may have changed). */
    private void rewatch() {
        List<Path> paths = generations.watched();
        if (last == null) {
            last = Fingerprint.of(paths);
        }
        Set<Path> n = new HashSet<>();
        Set<Path> f = new HashSet<>();
        Set<Path> dirs = new HashSet<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                f.add(abs);
                dirs.add(abs);
            } else if (abs.getParent() != null) {
                n.add(abs);
                dirs.add(abs.getParent());
            }
        }
        names = n;
        folders = f;
        for (Path d : dirs) {
            if (!keys.containsKey(d) && Files.isDirectory(d)) {
                try {
                    keys.put(d, d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                } catch (IOException | ClosedWatchServiceException e) {
                    LOG.warnf("Luxy cannot watch %s for changes: %s", d, e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        loop.interrupt();
        worker.shutdownNow();
    }

    /** The contents of the watched files (through symlinks), to skip reloads that change nothing. */
    private record Fingerprint(Map<Path, Integer> hashes) {

        static Fingerprint of(List<Path> paths) {
            Map<Path, Integer> h = new HashMap<>();
            for (Path p : paths) {
                hash(p.toAbsolutePath().normalize(), h);
            }
            return new Fingerprint(h);
        }

        private static void hash(Path p, Map<Path, Integer> h) {
            try {
                if (Files.isDirectory(p)) {
                    try (var s = Files.list(p)) {
                        s.filter(x -> !x.getFileName().toString().startsWith(".")).filter(Files::isRegularFile)
                                .forEach(x -> hash(x, h));
                    }
                } else {
                    h.put(p, java.util.Arrays.hashCode(Files.readAllBytes(p)));
                }
            } catch (IOException e) {
                h.put(p, -1);
            }
        }
    }
}

package io.luxy.sample;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The map files of one generation, loaded once by name on first use at parse time and shared by
 * every converter naming them (HAProxy's {@code pat_ref} list). The runtime API finds a map here
 * by the name written in the configuration and changes it in place.
 */
public final class Maps {

    private final Map<String, MapFile> files = new ConcurrentHashMap<>();

    /** The map loaded from {@code path}, loading it on first use. */
    public MapFile load(String path) throws SampleParseException {
        MapFile m = files.get(path);
        if (m == null) {
            m = MapFile.load(path);
            MapFile prev = files.putIfAbsent(path, m);
            if (prev != null) {
                m = prev;
            }
        }
        return m;
    }

    /** The map already loaded under {@code path}, or null. */
    public MapFile get(String path) {
        return files.get(path);
    }

    /** Every loaded map. */
    public Collection<MapFile> all() {
        return files.values();
    }
}

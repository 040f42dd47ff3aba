package io.luxy.runtime;

import java.util.List;

import io.luxy.sample.MapFile;
import io.luxy.sample.Maps;

/**
 * {@code show|get|add|del|set|clear map} and the same for {@code acl} (HAProxy doc/management.txt
 * 9.3) over the generation's map files, changed in place so rules and Lua see the change at once.
 * A map is named by its file path or {@code #<id>} (its position in {@code show map}).
 */
final class MapCommands {

    private final Maps maps;

    MapCommands(Maps maps) {
        this.maps = maps;
    }

    private List<MapFile> all() {
        return List.copyOf(maps.all());
    }

    private MapFile find(String name) {
        List<MapFile> all = all();
        if (name.startsWith("#")) {
            try {
                int i = Integer.parseInt(name.substring(1));
                return i >= 0 && i < all.size() ? all.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return maps.get(name);
    }

    private static String unknown(String kind) {
        return "Unknown " + kind + " identifier. Please use #<id> or <file>.\n";
    }

    /** {@code show map|acl [name]}. */
    void show(String kind, List<String> a, StringBuilder b) {
        if (a.size() < 3) {
            b.append("# id (file) description\n");
            List<MapFile> all = all();
            for (int i = 0; i < all.size(); i++) {
                MapFile m = all.get(i);
                b.append(i).append(" (").append(m.path()).append(") pattern loaded from file '").append(m.path())
                        .append("' used by ").append(kind).append(". curr_ver=0 next_ver=0 entry_cnt=")
                        .append(m.entries().size()).append('\n');
            }
            return;
        }
        MapFile m = find(a.get(2));
        if (m == null) {
            b.append(unknown(kind));
            return;
        }
        for (MapFile.Entry e : m.entries()) {
            b.append(String.format("0x%016x ", System.identityHashCode(e) & 0xffffffffL)).append(e.key());
            if (kind.equals("map")) {
                b.append(' ').append(e.value());
            }
            b.append('\n');
        }
    }

    /** {@code get map|acl <name> <value>}: the entry whose key equals the value (exact match). */
    void get(String kind, List<String> a, StringBuilder b) {
        if (a.size() < 4) {
            b.append("Missing ").append(kind).append(" identifier and/or key.\n");
            return;
        }
        MapFile m = find(a.get(2));
        if (m == null) {
            b.append(unknown(kind));
            return;
        }
        String key = a.get(3);
        for (MapFile.Entry e : m.entries()) {
            if (e.key().equals(key)) {
                b.append("type=str, case=sensitive, found=yes, idx=tree, key=\"").append(e.key()).append('"');
                if (kind.equals("map")) {
                    b.append(", value=\"").append(e.value()).append("\", type=\"str\"");
                }
                b.append('\n');
                return;
            }
        }
        b.append("type=str, case=sensitive, found=no, idx=tree\n");
    }

    /** {@code add|del|set|clear map|acl …}. */
    void change(String verb, String kind, List<String> a, StringBuilder b) {
        if (a.size() < 3) {
            b.append("'").append(verb).append(' ').append(kind).append("' expects the ").append(kind).append(" identifier.\n");
            return;
        }
        MapFile m = find(a.get(2));
        if (m == null) {
            b.append(unknown(kind));
            return;
        }
        switch (verb) {
            case "clear" -> m.clear();
            case "add" -> {
                int need = kind.equals("map") ? 5 : 4;
                if (a.size() < need) {
                    b.append("'add ").append(kind).append("' expects ").append(kind.equals("map") ? "two parameters: map identifier, key and value"
                            : "two parameters: ACL identifier and pattern").append(".\n");
                    return;
                }
                m.add(a.get(3), kind.equals("map") ? a.get(4) : "");
            }
            case "del" -> {
                if (a.size() < 4) {
                    b.append("This command expects two parameters: ").append(kind).append(" identifier and key.\n");
                } else if (!m.delete(a.get(3))) {
                    b.append("Key not found.\n");
                }
            }
            case "set" -> {
                if (a.size() < 5) {
                    b.append("'set map' expects three parameters: map identifier, key and value.\n");
                } else if (!m.set(a.get(3), a.get(4))) {
                    b.append("entry not found.\n");
                }
            }
            default -> {
            }
        }
    }
}

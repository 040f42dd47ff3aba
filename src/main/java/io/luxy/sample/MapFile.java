package io.luxy.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One HAProxy map file (doc/configuration.txt 7.3.1 "map"): {@code key value} lines in file
 * order; '#' starts a comment line, blank lines are skipped, the key ends at the first blank and
 * the value is the rest of the line. Shared by every converter of a generation that names the
 * file, and mutable (runtime API {@code add map}/{@code del map}/{@code set map}/{@code clear map}):
 * writers copy on write under a lock, readers use an immutable snapshot without locking. Each
 * match method gets its index (exact hash, IP longest prefix, ordered list) built once per snapshot.
 */
public final class MapFile {

    /** One {@code key value} pair. */
    public record Entry(String key, String value) {
    }

    /** How a key is compared with the sample ({@code map_<match>}). */
    public enum Match { STR, BEG, SUB, DIR, DOM, END, REG, INT, IP }

    private final String path;
    private volatile Snapshot snapshot;

    private MapFile(String path, List<Entry> entries) {
        this.path = path;
        this.snapshot = new Snapshot(List.copyOf(entries));
    }

    /** Reads the file; throws with HAProxy's wording when it cannot be opened. */
    public static MapFile load(String path) throws SampleParseException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new SampleParseException("failed to open pattern file <" + path + ">");
        }
        List<Entry> entries = new ArrayList<>(lines.size());
        for (String line : lines) {
            Entry e = parseLine(line);
            if (e != null) {
                entries.add(e);
            }
        }
        return new MapFile(path, entries);
    }

    /** A map with these entries and no file (tests, {@code -M} style inline use). */
    public static MapFile of(String name, List<Entry> entries) {
        return new MapFile(name, entries);
    }

    /** pat_ref_read_from_file_smp: leading blanks skipped, '#' comments, key up to a blank, value = rest (right-trimmed). */
    static Entry parseLine(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && isBlank(line.charAt(i))) {
            i++;
        }
        if (i == n || line.charAt(i) == '#') {
            return null;
        }
        int ks = i;
        while (i < n && !isBlank(line.charAt(i))) {
            i++;
        }
        String key = line.substring(ks, i);
        while (i < n && isBlank(line.charAt(i))) {
            i++;
        }
        int ve = n;
        while (ve > i && (isBlank(line.charAt(ve - 1)) || line.charAt(ve - 1) == '\r')) {
            ve--;
        }
        return new Entry(key, line.substring(i, ve));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** The file name as written in the configuration. */
    public String path() {
        return path;
    }

    /** The entries in order (a snapshot). */
    public List<Entry> entries() {
        return snapshot.entries;
    }

    /** Appends an entry ({@code add map}). */
    public synchronized void add(String key, String value) {
        List<Entry> l = new ArrayList<>(snapshot.entries);
        l.add(new Entry(key, value));
        snapshot = new Snapshot(List.copyOf(l));
    }

    /** Sets the value of every entry with this key ({@code set map}); returns false when none exists. */
    public synchronized boolean set(String key, String value) {
        boolean found = false;
        List<Entry> l = new ArrayList<>(snapshot.entries.size());
        for (Entry e : snapshot.entries) {
            found |= e.key.equals(key);
            l.add(e.key.equals(key) ? new Entry(key, value) : e);
        }
        if (found) {
            snapshot = new Snapshot(List.copyOf(l));
        }
        return found;
    }

    /** Removes every entry with this key ({@code del map}); returns false when none existed. */
    public synchronized boolean delete(String key) {
        List<Entry> l = new ArrayList<>(snapshot.entries);
        boolean removed = l.removeIf(e -> e.key.equals(key));
        if (removed) {
            snapshot = new Snapshot(List.copyOf(l));
        }
        return removed;
    }

    /** Removes every entry ({@code clear map}). */
    public synchronized void clear() {
        snapshot = new Snapshot(List.of());
    }

    /**
     * Checks that every key parses for {@code match} (and every value for an integer output);
     * returns HAProxy's message, e.g. {@code '/api' is not a valid IPv4 or IPv6 address at line 2 of file 'f'}, or null.
     */
    public String check(Match match, boolean intValue) {
        for (Entry e : snapshot.entries) {
            String err = switch (match) {
                case IP -> Net.parse(e.key) == null ? "'" + e.key + "' is not a valid IPv4 or IPv6 address" : null;
                case INT -> ArgType.parseSint(e.key) == null ? "'" + e.key + "' is not a number" : null;
                case REG -> {
                    try {
                        Pattern.compile(e.key);
                        yield null;
                    } catch (PatternSyntaxException x) {
                        yield "regex '" + e.key + "' is invalid";
                    }
                }
                default -> null;
            };
            if (err == null && intValue && ArgType.parseSint(e.value) == null) {
                err = "unable to parse '" + e.value + "' as integer";
            }
            if (err != null) {
                return err + " at line " + lineOf(e) + " of file '" + path + "'";
            }
        }
        return null;
    }

    private int lineOf(Entry target) {
        try {
            List<String> lines = Files.readAllLines(Path.of(path), StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines.size(); i++) {
                Entry e = parseLine(lines.get(i));
                if (e != null && e.equals(target)) {
                    return i + 1;
                }
            }
        } catch (IOException ignored) {
            // the entry came from the runtime API
        }
        return 0;
    }

    /** The value of the first entry matching {@code s} with {@code match} (longest prefix for IP), or null. */
    public String lookup(Match match, Sample s) {
        return snapshot.index(match).lookup(s);
    }

    /**
     * {@code map_regm}: the value of the first regex key matching {@code s}, its {@code \N}
     * back-references replaced by the key's groups (doc 7.3.1 "map"), or null.
     */
    public String lookupRegm(Sample s) {
        return snapshot.index(Match.REG).lookupRegm(s.asString());
    }

    /** An IP key: address and mask bytes (4 or 16). */
    private record Net(byte[] addr, byte[] mask, int bits) {
        static Net parse(String key) {
            IpAddr.Network n = IpAddr.parseNetwork(key);
            return n == null ? null : new Net(IpAddr.and(n.addr(), n.mask()), n.mask(), n.bits());
        }
    }

    /** Immutable entries plus the indexes built from them on first use. */
    private static final class Snapshot {
        final List<Entry> entries;
        final Map<Match, Index> indexes = new ConcurrentHashMap<>(4);

        Snapshot(List<Entry> entries) {
            this.entries = entries;
        }

        Index index(Match m) {
            Index i = indexes.get(m);
            if (i == null) {
                i = indexes.computeIfAbsent(m, k -> new Index(k, entries));
            }
            return i;
        }
    }

    /** A compiled index for one match method. */
    private static final class Index {
        private final Match match;
        private final Entry[] entries;
        private final Map<String, String> exact;
        private final Pattern[] regexes;
        private final Net[] nets;
        private final long[] ints;

        Index(Match match, List<Entry> list) {
            this.match = match;
            this.entries = list.toArray(new Entry[0]);
            this.exact = match == Match.STR ? new HashMap<>() : null;
            this.regexes = match == Match.REG ? new Pattern[entries.length] : null;
            this.nets = match == Match.IP ? new Net[entries.length] : null;
            this.ints = match == Match.INT ? new long[entries.length] : null;
            for (int k = 0; k < entries.length; k++) {
                Entry e = entries[k];
                switch (match) {
                    case STR -> exact.putIfAbsent(e.key, e.value);
                    case REG -> regexes[k] = compile(e.key);
                    case IP -> nets[k] = Net.parse(e.key);
                    case INT -> {
                        Long v = ArgType.parseSint(e.key);
                        ints[k] = v == null ? Long.MIN_VALUE : v;
                    }
                    default -> {
                    }
                }
            }
        }

        private static Pattern compile(String re) {
            try {
                return Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                return null;
            }
        }

        String lookup(Sample s) {
            switch (match) {
                case STR:
                    return exact.get(s.asString());
                case IP:
                    return lookupIp(Casts.addressBytes(s));
                case INT: {
                    Long v = s.asLong();
                    if (v == null) {
                        return null;
                    }
                    for (int k = 0; k < ints.length; k++) {
                        if (ints[k] == v) {
                            return entries[k].value;
                        }
                    }
                    return null;
                }
                default:
                    break;
            }
            String v = s.asString();
            if (match == Match.BEG) { // HAProxy indexes beg patterns in a prefix tree: the longest key wins
                String best = null;
                int bestLen = -1;
                for (Entry e : entries) {
                    if (e.key.length() > bestLen && v.startsWith(e.key)) {
                        best = e.value;
                        bestLen = e.key.length();
                    }
                }
                return best;
            }
            for (int k = 0; k < entries.length; k++) {
                String key = entries[k].key;
                boolean ok = switch (match) {
                    case BEG -> v.startsWith(key);
                    case END -> v.endsWith(key);
                    case SUB -> v.contains(key);
                    case REG -> regexes[k] != null && regexes[k].matcher(v).find();
                    case DIR -> Words.match(v, key, "/?", false);
                    case DOM -> Words.match(v, key, "/?.:", false);
                    default -> false;
                };
                if (ok) {
                    return entries[k].value;
                }
            }
            return null;
        }

        String lookupRegm(String v) {
            for (int k = 0; k < entries.length; k++) {
                if (regexes[k] == null) {
                    continue;
                }
                java.util.regex.Matcher m = regexes[k].matcher(v);
                if (m.find()) {
                    StringBuilder sb = new StringBuilder(entries[k].value.length() + 16);
                    ExpReplace.append(sb, entries[k].value, m);
                    return sb.toString();
                }
            }
            return null;
        }

        private String lookupIp(byte[] a) {
            if (a == null) {
                return null;
            }
            byte[] v4 = a.length == 16 ? IpAddr.unmapV4(a) : a;
            byte[] v6 = a.length == 4 ? IpAddr.mapV4(a) : a;
            String best = null;
            int bestBits = -1;
            for (int k = 0; k < nets.length; k++) {
                Net n = nets[k];
                if (n == null || n.bits <= bestBits) {
                    continue;
                }
                byte[] cand = n.addr.length == 4 ? v4 : v6;
                if (cand != null && Arrays.equals(IpAddr.and(cand, n.mask), n.addr)) {
                    best = entries[k].value;
                    bestBits = n.bits;
                }
            }
            return best;
        }
    }
}

package io.luxy.runtime;

import java.util.List;

/**
 * {@code show stat typed} and {@code show stat json} (HAProxy doc/management.txt 9.3 "show stat"),
 * in HAProxy 2.6.12's formats, from the same rows as the CSV. Typed: one line per non-empty field,
 * {@code F.iid.sid.pos.name.1:tags:type:value} ({@code F} frontend, {@code B} backend, {@code S}
 * server), objects one after the other without separator. JSON: an array with one array per
 * object of {@code {"objType","proxyId","id","field":{"pos","name"},"processNum","tags","value"}}.
 * Positions are those of HAProxy's typed output: the CSV's {@code -} column is not a field, so the
 * stats modules' fields (ssl_sess onwards) come one position lower than their CSV column.
 */
public final class TypedStat {

    /**
     * The tags of the typed fields in position order (the CSV columns without {@code -}), as HAProxy
     * 2.6.12 prints them for frontends and servers (src/stats.c stats_fill_*_stats).
     */
    private static final FieldTag[] TAGS = parse("KNS:str KNS:str MGP:u32 MMP:u32 MGP:u32 MMP:u32 CLP:u32 MCP:u64 "
            + "MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 SGP:str MaP:u32 SGP:u32 SGP:u32 "
            + "MCP:u64 MCP:u64 MAP:u32 MCP:u32 CGS:u32 KGP:u32 KGS:u32 KGS:u32 MaP:u32 MCP:u64 CNS:str CGS:u32 MRP:u32 "
            + "CLP:u32 MMP:u32 MOP:str MOP:u32 MDP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MRP:u32 "
            + "MMP:u32 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MAP:s32 MOP:str MOP:str MaP:u32 MaP:u32 "
            + "MaP:u32 MaP:u32 MOP:str MOP:u32 MDP:u64 MOP:str MOP:str CGS:u32 CGS:u32 CGS:u32 CGS:u32 CGS:u32 CGS:u32 "
            + "CGS:str CNS:str CGS:str CGS:str MRP:u32 MMP:u32 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 "
            + "MCP:u64 MCP:u64 MGP:u32 CLP:u32 MMP:u32 MMP:u32 MMP:u32 MMP:u32 MCP:u64 MGP:u32 MGP:u32 MGP:u32 MGP:u32 "
            + "MaP:u32 MGP:u32 MGP:u32 MGP:u32 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 "
            + "MCP:u64 MCP:u64 MCP:u64 MGP:u64 MGP:u64 MCP:u64 MCP:u64 MGP:u64 MGP:u64 MCP:u64 MCP:u64 MCP:u64 MCP:u64 "
            + "MCP:u64 MCP:u64");

    /** Backends fill act, bck, rate and rate_max with no flags, which HAProxy prints as MGP. */
    private static final FieldTag BACKEND_GAUGE = FieldTag.parse("MGP:u32");

    private static final int DASH = StatFields.index("-");
    private static final int LAST_CHK = StatFields.index("last_chk");
    private static final int CHECK_STATUS = StatFields.index("check_status");
    private static final List<Integer> BACKEND_GAUGES = List.of(StatFields.index("act"), StatFields.index("bck"),
            StatFields.index("rate"), StatFields.index("rate_max"));

    private TypedStat() {
    }

    private static FieldTag[] parse(String specs) {
        String[] s = specs.split(" ");
        FieldTag[] t = new FieldTag[s.length];
        for (int i = 0; i < s.length; i++) {
            t[i] = FieldTag.parse(s[i]);
        }
        if (t.length != StatFields.NAMES.size() - 1) {
            throw new IllegalStateException("typed stat table has " + t.length + " fields");
        }
        return t;
    }

    /** HAProxy's typed position of CSV column {@code col} (not the {@code -} column). */
    public static int position(int col) {
        return col < DASH ? col : col - 1;
    }

    /** The tags of CSV column {@code col} for a row of {@code rowType} (0 frontend, 1 backend, 2 server). */
    public static FieldTag tag(int rowType, int col) {
        if (rowType == 1 && BACKEND_GAUGES.contains(col)) {
            return BACKEND_GAUGE;
        }
        return TAGS[position(col)];
    }

    /** The {@code show stat typed} text of {@code rows}. */
    public static String typed(List<StatsCsv.Row> rows) {
        StringBuilder b = new StringBuilder();
        for (StatsCsv.Row r : rows) {
            String prefix = letter(r.type()) + "." + r.get("iid") + "." + r.get("sid") + ".";
            String[] c = r.cells();
            for (int col = 0; col < c.length; col++) {
                if (present(r, col)) {
                    b.append(prefix).append(position(col)).append('.').append(StatFields.NAMES.get(col)).append(".1:")
                            .append(tag(r.type(), col).typed(c[col])).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** The {@code show stat json} text of {@code rows}, ending with a newline. */
    public static String json(List<StatsCsv.Row> rows) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            StatsCsv.Row r = rows.get(i);
            if (i > 0) {
                b.append(',');
            }
            String head = "{\"objType\":\"" + objType(r.type()) + "\",\"proxyId\":" + r.get("iid") + ",\"id\":" + r.get("sid")
                    + ",\"field\":{\"pos\":";
            b.append('[');
            boolean first = true;
            String[] c = r.cells();
            for (int col = 0; col < c.length; col++) {
                if (!present(r, col)) {
                    continue;
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                FieldTag t = tag(r.type(), col);
                b.append(head).append(position(col)).append(",\"name\":\"").append(StatFields.NAMES.get(col))
                        .append("\"},\"processNum\":1,\"tags\":").append(t.jsonTags()).append(",\"value\":")
                        .append(t.jsonValue(c[col])).append('}');
            }
            b.append(']');
        }
        return b.append("]\n").toString();
    }

    /** Whether HAProxy prints the field: non-empty, or a server's last_chk once it has a check status. */
    private static boolean present(StatsCsv.Row r, int col) {
        if (col == DASH) {
            return false;
        }
        String[] c = r.cells();
        return !c[col].isEmpty() || (col == LAST_CHK && r.type() == 2 && !c[CHECK_STATUS].isEmpty());
    }

    private static char letter(int type) {
        return switch (type) {
            case 0 -> 'F';
            case 1 -> 'B';
            case 2 -> 'S';
            default -> 'L';
        };
    }

    private static String objType(int type) {
        return switch (type) {
            case 0 -> "Frontend";
            case 1 -> "Backend";
            case 2 -> "Server";
            default -> "Listener";
        };
    }
}

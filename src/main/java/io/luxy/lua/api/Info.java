package io.luxy.lua.api;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code core.get_info()}: HAProxy's "show info" fields by name (doc/management.txt 9.3), filled
 * with what Luxy knows: {@code Name} ("Luxy"), {@code Version} ("2.6-luxy", so scripts reading
 * major.minor see the HAProxy version Luxy follows), {@code Nbthread}, {@code Nbproc},
 * {@code Process_num}, {@code Pid}, {@code Uptime}, {@code Uptime_sec}, {@code Start_time_sec},
 * {@code node}, {@code Stopping}. Counters Luxy does not keep are left out.
 */
final class Info {

    /** The version string given to scripts. */
    static final String VERSION = "2.6-luxy";

    private Info() {
    }

    static LuaTable table(LuaHost host) {
        LuaTable t = new LuaTable();
        long start = host.startMillis();
        long up = Math.max(0, (System.currentTimeMillis() - start) / 1000);
        t.rawset("Name", LuaValue.valueOf("Luxy"));
        t.rawset("Version", LuaValue.valueOf(VERSION));
        t.rawset("Release_date", LuaValue.valueOf(""));
        t.rawset("Nbthread", LuaValue.valueOf(host.threads()));
        t.rawset("Nbproc", LuaValue.ONE);
        t.rawset("Process_num", LuaValue.ONE);
        t.rawset("Pid", SampleConversions.integer(ProcessHandle.current().pid()));
        t.rawset("Uptime", LuaValue.valueOf(String.format("%dd %dh%02dm%02ds", up / 86400, (up / 3600) % 24, (up / 60) % 60, up % 60)));
        t.rawset("Uptime_sec", SampleConversions.integer(up));
        t.rawset("Start_time_sec", SampleConversions.integer(start / 1000));
        String node = System.getenv("HOSTNAME");
        t.rawset("node", LuaValue.valueOf(node == null ? "luxy" : node));
        t.rawset("Stopping", LuaValue.ZERO);
        return t;
    }
}

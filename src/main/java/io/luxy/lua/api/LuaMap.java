package io.luxy.lua.api;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;
import io.luxy.sample.MapFile;
import io.luxy.sample.Maps;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleParseException;

/**
 * HAProxy doc/lua-api "Map class": {@code Map.new(file [, method])} loads a map file (the same
 * shared {@link MapFile} the configuration's {@code map_*} converters and {@code core.set_map}
 * use, so run-time edits are seen; only in the body or init, as HAProxy), {@code m:lookup(key)} returns the value or nil,
 * {@code m:slookup(key)} the value or "". The method constants keep HAProxy 2.6's values
 * ({@code PAT_MATCH_*}: {@code _int}=2, {@code _ip}=3, {@code _str}=6, {@code _beg}=7, {@code _sub}=8,
 * {@code _dir}=9, {@code _dom}=10, {@code _end}=11, {@code _reg}=12), with the 1.6 aliases without
 * '_'. {@code _found}, {@code _bool}, {@code _bin}, {@code _len} and {@code _regm} exist but are refused.
 */
public final class LuaMap {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Map";

    private static final String[] METHODS = {"found", "bool", "int", "ip", "bin", "len", "str", "beg", "sub", "dir", "dom",
        "end", "reg", "regm"};

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("lookup", a -> {
            LuaMap m = LuaObject.check(a, 1, LuaMap.class, "lookup");
            String v = m.lookup(a, "lookup");
            return v == null ? LuaValue.NIL : LuaStrings.of(v);
        });
        b.method("slookup", a -> {
            LuaMap m = LuaObject.check(a, 1, LuaMap.class, "slookup");
            String v = m.lookup(a, "slookup");
            return v == null ? LuaValue.EMPTYSTRING : LuaStrings.of(v);
        });
        META = b.build();
    }

    private final MapFile file;
    private final MapFile.Match match;

    private LuaMap(MapFile file, MapFile.Match match) {
        this.file = file;
        this.match = match;
    }

    /** The value for {@code key} (argument 2 of lookup/slookup); an int map needs a number, as HAProxy's {@code luaL_checkinteger}. */
    private String lookup(org.luaj.vm2.Varargs a, String fn) {
        if (match == MapFile.Match.INT) {
            LuaValue k = a.arg(2);
            LuaValue n = k.isnumber() ? k.tonumber() : LuaValue.NIL;
            if (n.isnil() || n.todouble() != Math.rint(n.todouble())) {
                throw new LuaError("bad argument #1 to '" + fn + "' (number expected, got " + k.typename() + ")");
            }
            return file.lookup(match, Sample.sint(n.tolong()));
        }
        return file.lookup(match, Sample.str(LuaObject.checkString(a, 2, fn)));
    }

    /** The global {@code Map} class table: the method constants and {@code new}, over the generation's {@code maps}. */
    static LuaTable classTable(LuaHost host) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < METHODS.length; i++) {
            t.rawset("_" + METHODS[i], LuaValue.valueOf(i));
            t.rawset(METHODS[i], LuaValue.valueOf(i));
        }
        t.rawset("new", LuaClassBuilder.function("Map.new", a -> {
            io.luxy.lua.engine.Invocation inv = io.luxy.lua.engine.Invocation.current();
            if (inv != null && inv.context() != io.luxy.lua.engine.ExecContext.BODY && inv.context() != io.luxy.lua.engine.ExecContext.INIT) {
                throw new LuaError("'new': map: cannot load map at runtime.");
            }
            String path = LuaObject.checkString(a, 1, "new");
            int method = a.arg(2).isnil() ? 6 : (int) LuaObject.checkInteger(a, 2, "new");
            MapFile.Match m = switch (method) {
                case 2 -> MapFile.Match.INT;
                case 3 -> MapFile.Match.IP;
                case 6 -> MapFile.Match.STR;
                case 7 -> MapFile.Match.BEG;
                case 8 -> MapFile.Match.SUB;
                case 9 -> MapFile.Match.DIR;
                case 10 -> MapFile.Match.DOM;
                case 11 -> MapFile.Match.END;
                case 12 -> MapFile.Match.REG;
                default -> throw new LuaError("bad argument #2 to 'new' (match method is not supported by Map.new)");
            };
            Maps maps = host.maps();
            MapFile f;
            try {
                f = maps != null ? maps.load(path) : MapFile.load(path);
            } catch (SampleParseException e) {
                throw new LuaError("'new': " + e.getMessage());
            }
            String err = f.check(m, false);
            if (err != null) {
                throw new LuaError("'new': " + err);
            }
            return LuaObject.wrap(new LuaMap(f, m), META);
        }));
        return t;
    }
}

package io.luxy.lua.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.luxy.lua.engine.LuaClassBuilder;
import io.luxy.lua.engine.LuaObject;

/**
 * HAProxy doc/lua-api "Regex class": {@code ok, re = Regex.new(str, case_sensitive)} (ok false and
 * HAProxy's message "regex 'x' is invalid (error=…, erroffset=N)" when it does not compile),
 * {@code re:exec(s)} (true when the regex matches anywhere in s) and
 * {@code ok, list = re:match(s)} (list[1] the whole match, then the groups, stopping at the first
 * group that did not take part, as HAProxy's loop does; at most 20 entries).
 * HAProxy compiles with PCRE; Luxy uses {@link java.util.regex}, which accepts the same common
 * syntax (classes, groups, lazy and possessive quantifiers, look-around, back-references); PCRE-only
 * forms such as recursion {@code (?R)}, {@code \K} and callouts are refused at {@code new}, and
 * error texts differ.
 */
public final class Regex {

    /** HAProxy's name for the class. */
    public static final String LUA_CLASS = "Regex";

    /** HAProxy's {@code MAX_MATCH}. */
    private static final int MAX_MATCH = 20;

    private static final LuaTable META;

    static {
        LuaClassBuilder b = new LuaClassBuilder(LUA_CLASS);
        b.method("exec", a -> {
            Regex r = LuaObject.check(a, 1, Regex.class, "exec");
            return LuaValue.valueOf(r.pattern.matcher(LuaStrings.java(a.checkstring(2))).find());
        });
        b.method("match", a -> {
            Regex r = LuaObject.check(a, 1, Regex.class, "match");
            Matcher m = r.pattern.matcher(LuaStrings.java(a.checkstring(2)));
            LuaTable list = new LuaTable();
            if (!m.find()) {
                return LuaValue.varargsOf(LuaValue.FALSE, list);
            }
            for (int i = 0; i <= m.groupCount() && i < MAX_MATCH && m.start(i) >= 0; i++) {
                list.rawset(i + 1, LuaStrings.of(m.group(i)));
            }
            return LuaValue.varargsOf(LuaValue.TRUE, list);
        });
        META = b.build();
    }

    private final Pattern pattern;

    private Regex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** The global {@code Regex} class table ({@code Regex.new}). */
    static LuaTable classTable() {
        LuaTable t = new LuaTable();
        t.rawset("new", LuaClassBuilder.function("Regex.new", a -> {
            String re = LuaStrings.java(a.checkstring(1));
            boolean caseSensitive = a.arg(2).toboolean();
            try {
                Pattern p = Pattern.compile(re, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE);
                return LuaValue.varargsOf(LuaValue.TRUE, LuaObject.wrap(new Regex(p), META));
            } catch (PatternSyntaxException e) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("regex '" + re + "' is invalid (error="
                        + e.getDescription() + ", erroffset=" + Math.max(0, e.getIndex()) + ")"));
            }
        }));
        return t;
    }
}

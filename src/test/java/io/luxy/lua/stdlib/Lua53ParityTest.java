package io.luxy.lua.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each snippet on Luxy's engine and on /usr/bin/lua5.3 (Debian's lua5.3, which .ci/run
 * installs) and asserts the same output. Each snippet exercises one LuaJ 3.0.1 difference that
 * changes what real scripts print (HAPROXY-LUA-API.md, TOOLCHAIN.md 4e).
 */
class Lua53ParityTest {

    @TempDir
    Path dir;

    /** {@code w(...)}: prints its arguments concatenated (io.write goes to stdout, print to the log). */
    private static final String PRELUDE = "local function w(...) local t = {...} for i = 1, select('#', ...) do t[i] = tostring(t[i]) end print(table.concat(t)) end ";

    static Stream<String> snippets() {
        return Stream.of(
                // string.format: width, precision, flags
                "print(string.format('%.2f|%5s|%-5d|%05.1f|%+d|% d', 3.14159, 'ab', 42, 2.25, 5, 7))",
                "print(string.format('%5.1f|%08.3f|%e|%E|%.3e|%10.2e', 3.14159, -2.5, 12345.678, 0.000123, 1e100, -1.5))",
                "print(string.format('%g|%g|%g|%g|%G|%.3g|%#g|%g', 1e20, 0.0001, 0.00001, 100000, 1e-10, 3.14159, 1.5, 123456789))",
                "print(string.format('%x|%X|%#x|%o|%#o|%08x|%.4d|%5.3d|%-6x|', 255, 255, 255, 8, 8, 48879, 7, 3, 10))",
                "print(string.format('%x|%u|%d', -1, 42, -2^31))",
                "print(string.format('%c%c%c|%5c|%-3c|', 76, 117, 97, 65, 66))",
                "print(string.format('%.3s|%10s|%-10s|%s|%s', 'abcdef', 'hi', 'hi', nil, true))",
                "print(string.format('%a|%a|%a|%A|%.2a', 1, 0.5, -3.75, 255.5, 1/3))",
                "print(string.format('%q', 'he said \"hi\"\\n\\0\\1x\\0012\\r\\\\'))",
                "print(string.format('%q|%q|%q', 42, 1.5, 1/0))",
                "print(string.format('%s|%s', setmetatable({}, {__tostring = function() return 'OBJ' end}), 12))",
                "print(string.format('%5.2f%%|%.0f|%.0f|%.0f|%.1f', 99.555, 0.5, 1.5, 2.5, 0.05))",
                "print(string.format('%.2f|%.2f|%.3f', 2.675, 1.005, -0.0005))",
                "print(pcall(function() local s = string.format('%d', 2.5) return s end))",
                "print(pcall(string.format, '%y', 1))",
                "print(string.format('%d|%i|%d', 3.0, -7, 2^53))",
                // tostring of numbers
                "print(1e100, -1e-100, 2^63, 3.14159265358979, 0.1 + 0.2, 1/3, 100, -0.5, 2^70, 1e300 * 1e10)",
                "print(math.pi, -math.pi, math.huge, -math.huge, 2^-1074)",
                "print(tostring(12), tostring(-12.25))",
                // patterns
                "print(('hello world from lua'):gsub('%g+', '<%0>'))",
                "print(('THE (quick) fox'):find('%f[%a]%a+'), ('THE (quick) fox'):gsub('%f[%w]%w+', 'W'))",
                "print(('key = value'):match('^(%w+)%s*=%s*(%w+)$'))",
                "print(('abc'):gsub('', '-'))",
                "print(('hello'):gsub('l+', {ll = 'LL'}), ('hello'):gsub('(h)(e)', '%2%1'))",
                "print(('x=1, y=2'):gsub('(%w+)=(%w+)', function(k, v) return v .. '=' .. k end))",
                "for k, v in ('a=1,b=2,c=3'):gmatch('(%w)=(%d)') do w(k, v, ';') end print()",
                "print(('f(a(b)c)d'):match('%b()'), ('  trim  '):match('^%s*(.-)%s*$') .. '|')",
                "print(('abc123'):find('%d'), ('a.b'):find('.', 1, true), ('abc'):find('b', -1), ('abc'):match('()b()'))",
                "print(pcall(string.find, 'a', '%'), pcall(string.find, 'a', '[a'), pcall(string.gsub, 'a', 'a', '%2'))",
                "print(('hello world'):gsub('o', '0', 1), ('abc'):gsub('%w', '%%%0'))",
                "print(('\\0ab\\0'):gsub('%z', 'Z'), ('x1y22z'):gsub('%d+', 7))",
                // string.rep with separator
                "print(string.rep('ab', 3, ','), string.rep('x', 0, ','), string.rep('x', 1, ','), string.rep('-', 4))",
                "print(('x'):rep(3, ''), (''):rep(1e6), (''):rep(5, ''), #('ab'):rep(1000, ','), pcall(string.rep, 'x', 2^40))",
                // upper/lower in the C locale: ASCII letters only, other bytes kept
                "print(('h\\233llo W\\214RLD \\200\\255 \\0z'):upper(), ('\\192\\201 abc XYZ'):lower(), ('abc'):reverse())",
                // sizes reserved before building (tune.lua.maxmem): results unchanged
                "print(table.concat({1, 2.5, 'x'}, ', ', 2, 3), table.concat({}, 'x'), table.concat({'a'}, 'x', 1, 1), table.concat({'a', 'b', 'c'}, '', 3, 2) .. '|')",
                "print(('abc'):byte(1, -1), ('abc'):byte(10, 20), table.unpack({1, 2, 3}, 2, 3), select('#', table.unpack({}, 1, 3)))",
                // pairs honours __pairs
                "local t = setmetatable({}, {__pairs = function(t) local i = 0 return function() i = i + 1 if i <= 3 then return i, i * 10 end end, t, nil end}) for k, v in pairs(t) do w(k, '=', v, ' ') end print()",
                // math 5.3
                "print(math.type(1), math.type(1.5), math.type('1'), math.tointeger(3.0), math.tointeger(3.5), math.tointeger('x'))",
                "print(math.ult(1, -1), math.ult(-1, 1), math.maxinteger > 2^62, math.mininteger, math.maxinteger + 0 > 0)",
                "print(math.floor(3.7), math.ceil(3.2), math.max(1, 5, 3), math.fmod(7, 3), math.abs(-4))",
                // table.move
                "local t = table.move({1, 2, 3, 4, 5}, 2, 4, 1) print(table.concat(t, ','))",
                "local t = table.move({1, 2, 3}, 1, 3, 3) print(table.concat(t, ','))",
                "local t = table.move({1, 2, 3}, 1, 3, 2, {}) print(t[1], t[2], t[3], t[4])",
                // utf8
                "print(utf8.char(72, 228, 8364, 128512), utf8.len('häll€'), utf8.len('\\xff'), #utf8.charpattern)",
                "for p, c in utf8.codes('hé€') do w(p, ':', c, ' ') end print()",
                "print(utf8.codepoint('hé€', 1, -1)) print(utf8.offset('hé€', 3), utf8.offset('hé€', -1), utf8.offset('a', 5))",
                "print(pcall(utf8.codepoint, '\\xff'), pcall(function() local s = utf8.char(-1) return s end))",
                "local t = {} for ch in ('añb€'):gmatch(utf8.charpattern) do t[#t + 1] = '[' .. ch .. ']' end print(table.concat(t))",
                // string.pack / unpack / packsize
                "local s = string.pack('<i4', 100) print(#s, s:byte(1, -1)) print(string.unpack('<i4', s))",
                "print(string.pack('>I2 b B h H', 258, -1, 255, -2, 65535):byte(1, -1))",
                "print(string.unpack('<I2 >I2 z s1 B', '\\1\\2\\1\\2hi\\0\\3abc\\9'))",
                "print(string.packsize('i4 i8 d b'), string.packsize('!8 b d'), string.packsize('<i2 x i2'))",
                "print(string.unpack('<d', string.pack('<d', 1.5)), string.unpack('<f', string.pack('<f', 0.25)), string.unpack('j', string.pack('j', -3)))",
                "print(pcall(string.pack, 'b', 200), pcall(function() local s = string.unpack('i4', 'ab') return s end))",
                // os.date
                "local t = 86400 * 365 + 3723 print(os.date('!%Y-%m-%d %H:%M:%S %T %F %D %e %j %p %y %a %A %b %B %h %I %M %u %w %%', t))",
                "print(os.date('!%c|%x|%X|%R|%r|%C|%g|%G|%V|%U|%W|%n|%t|', 1700000000))",
                "print(os.date('!%Z', 0), pcall(os.date, '%Q'), pcall(function() local s = os.date('%Ez') return s end))",
                "local d = os.date('!*t', 1700000000) print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)",
                "print(os.date('!%Ey|%Od|%OH', 1700000000))",
                "print(os.time({year = 2020, month = 1, day = 1, hour = 12}) - os.time({year = 2020, month = 1, day = 2, hour = 12}))",
                // coroutines
                "local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) print(gen(), gen(), gen())",
                "local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b) local d, e = coroutine.yield(c * 2) return d + e end)\n"
                        + "print(coroutine.resume(co, 1, 2)) print(coroutine.resume(co, 10)) print(coroutine.resume(co, 3, 4)) print(coroutine.resume(co)) print(coroutine.status(co))",
                "local co co = coroutine.create(function() print(coroutine.status(co), coroutine.isyieldable(), select(2, coroutine.running())) coroutine.yield() end)\n"
                        + "print(coroutine.status(co), coroutine.isyieldable(), select(2, coroutine.running())) coroutine.resume(co) print(coroutine.status(co))",
                "local co = coroutine.create(function() local ok, v = pcall(function() local x = coroutine.yield('in pcall') error('boom ' .. x) end) coroutine.yield(ok, v) return 'done' end)\n"
                        + "print(coroutine.resume(co)) print(coroutine.resume(co, 'X')) print(coroutine.resume(co)) print(coroutine.resume(co))",
                "local co = coroutine.create(function() error('bad') end) print(coroutine.resume(co)) print(coroutine.resume(co))",
                "local co = coroutine.create(function() error({code = 7}) end) local ok, e = coroutine.resume(co) print(ok, type(e), e.code)",
                "local w = coroutine.wrap(function() error('wrapped') end) print(pcall(w))",
                "print(pcall(coroutine.yield, 1))",
                "local outer; outer = coroutine.create(function() local inner = coroutine.create(function() print('outer is', coroutine.status(outer)) coroutine.yield(1) end) print(coroutine.resume(inner)) coroutine.yield(2) end)\n"
                        + "print(coroutine.resume(outer))",
                "local co = coroutine.wrap(function(...) print(select('#', ...), ...) local a, b, c = coroutine.yield() print(a, b, c) end) co(nil, 2, nil) co(1, nil)",
                // io
                "local n = os.tmpname() local f = io.open(n, 'w') f:write('line1\\n', 42, '\\nline3') f:close() for l in io.lines(n) do w('[', l, ']') end os.remove(n) print(io.open('missing-file.txt'))",
                "local p = io.popen('echo hello; echo world') print(p:read('*l'), p:read('*a')) p:close()",
                "print(os.getenv('HOME') ~= nil, os.getenv('NO_SUCH_VAR_LUXY'), type(os.time()), type(os.clock()), os.execute('exit 3'))",
                "print(os.execute('true'), os.execute())",
                "local n = os.tmpname() print(type(n), os.remove(n) or true) print(select('#', os.remove('/nonexistent/x')))",
                // misc
                "print(select('#', table.unpack({1, 2, nil, 4}, 1, 4)), table.concat({1, 2, 3}, '-'), #'abc', ('x'):rep(3))",
                "print(tostring(nil), tostring(true), tostring('s'), type(tostring({})), tostring(setmetatable({}, {__name = 'MyType'})):match('^MyType: ') ~= nil)",
                "print(('%d items'):format(3), ('abc'):upper(), ('ABC'):lower(), ('abc'):len(), ('abc'):reverse(), ('abc'):sub(2), ('abc'):byte(2))"
        );
    }

    @ParameterizedTest
    @MethodSource("snippets")
    void printsWhatLua53Prints(String code) throws Exception {
        assumeTrue(Files.isExecutable(LuaRunner.LUA53),
                "comparison with Lua 5.3 skipped: /usr/bin/lua5.3 is missing (apt-get install lua5.3)");
        String script = PRELUDE + code;
        String expected = LuaRunner.lua53(dir, script);
        String actual = LuaRunner.luxy(dir, script, LuaLibraries.DEFAULT);
        assertEquals(expected, actual, code);
    }
}

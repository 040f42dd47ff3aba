-- Deterministic outputs of the Lua API (no proxy counters): served by lua.api_dump, compared
-- between Luxy and HAProxy 2.6 by LuaApiParityIT. @DIR@ is replaced by the folder of the maps
-- (lua-load arguments only exist since 2.7). Maps load in the body: HAProxy refuses Map.new at run time.
local DIR = "@DIR@"
local maps = {}
for _, spec in ipairs({{"str", Map._str}, {"beg", Map._beg}, {"sub", Map._sub}, {"end", Map._end}, {"reg", Map._reg},
    {"dom", Map._dom}, {"dir", Map._dir}, {"ip", Map._ip}, {"int", Map._int}}) do
  local file = ({beg = "str", sub = "str", ["end"] = "str", dir = "dom"})[spec[1]] or spec[1]
  maps[spec[1]] = Map.new(DIR .. "/" .. file .. ".map", spec[2])
end

local function keys(t) local k = {} for n, _ in pairs(t) do k[#k + 1] = n end table.sort(k) return table.concat(k, ",") end

core.register_service("api_dump", "http", function(applet)
  local out = {}
  out[#out + 1] = "proxies=" .. keys(core.proxies) .. " backends=" .. keys(core.backends) .. " frontends=" .. keys(core.frontends)
  local be = core.backends["be"]
  out[#out + 1] = "be cap=" .. be:get_cap() .. " mode=" .. be:get_mode() .. " name=" .. be.name .. " servers=" .. keys(be.servers)
  out[#out + 1] = "fe cap=" .. core.frontends["fe"]:get_cap() .. " listeners=" .. keys(core.frontends["fe"].listeners)
  local s = be.servers["s1"]
  out[#out + 1] = "s1 name=" .. s.name .. " puid=" .. s.puid .. " addr=" .. s:get_addr() .. " w=" .. s:get_weight()
    .. " drain=" .. tostring(s:is_draining()) .. " status=" .. s:get_stats().status .. " svname=" .. s:get_stats().svname
  out[#out + 1] = "sw abc=" .. tostring(s:set_weight("abc")) .. "|300=" .. tostring(s:set_weight("300"))
    .. "|7x=" .. tostring(s:set_weight("7x")) .. "|empty=" .. tostring(s:set_weight("")) .. "|-5%=" .. tostring(s:set_weight("-5%"))
  out[#out + 1] = "sw 50%=" .. tostring(s:set_weight("50%")) .. " w=" .. s:get_weight() .. " sw 7=" .. tostring(s:set_weight("7")) .. " w=" .. s:get_weight()
  out[#out + 1] = "static=" .. tostring(core.backends["st"].servers["a"]:set_weight("3")) .. "|" .. tostring(core.backends["st"].servers["a"]:set_weight("0%"))
  s:set_weight("0") out[#out + 1] = "w0 drain=" .. tostring(s:is_draining()) .. " status=" .. s:get_stats().status
  s:set_weight("10")
  s:set_drain() out[#out + 1] = "drain=" .. tostring(s:is_draining()) .. " status=" .. s:get_stats().status
  s:set_maint() out[#out + 1] = "maint status=" .. s:get_stats().status
  s:set_ready() out[#out + 1] = "ready status=" .. s:get_stats().status
  out[#out + 1] = "addr same=" .. tostring(s:set_addr("127.0.0.1", s:get_stats().addr:match(":(%d+)$") + 0))
    .. " new=" .. tostring(s:set_addr("127.0.0.2")) .. " bad=" .. tostring(s:set_addr("nope")) .. " now=" .. s:get_addr()
  out[#out + 1] = "tok=" .. table.concat(core.tokenize("a,,b c", ", "), "|") .. " noblank=" .. table.concat(core.tokenize("a,,b c", ", ", true), "|")
    .. " trailing=" .. #core.tokenize("a,b,", ",")
  out[#out + 1] = "date=" .. tostring(core.http_date("Sun, 06 Nov 1994 08:49:37 GMT")) .. "," .. tostring(core.http_date("Sunday, 06-Nov-94 08:49:37 GMT"))
    .. "," .. tostring(core.http_date("Sun Nov  6 08:49:37 1994")) .. ",bad=" .. tostring(core.http_date("xx"))
    .. ",imf-of-rfc850=" .. tostring(core.imf_date("Sunday, 06-Nov-94 08:49:37 GMT"))
  local a, b = core.parse_addr("127.0.0.1/8"), core.parse_addr("127.1.2.3")
  out[#out + 1] = "addr type=" .. type(a) .. " m1=" .. tostring(core.match_addr(a, b)) .. " m2=" .. tostring(core.match_addr(b, a))
    .. " m3=" .. tostring(core.match_addr(core.parse_addr("127.0.0.0/8"), core.parse_addr("127.0.0.1/32")))
    .. " v6=" .. tostring(core.match_addr(core.parse_addr("2001:db8::/32"), core.parse_addr("2001:db8::1/128")))
    .. " mixed=" .. tostring(core.match_addr(core.parse_addr("::1"), core.parse_addr("127.0.0.1"))) .. " bad=" .. tostring(core.parse_addr("zz"))
  local ok, re = Regex.new("needle (..) (...)", true)
  local st, list = re:match("Looking for a needle in the haystack")
  out[#out + 1] = "re ok=" .. tostring(ok) .. " exec=" .. tostring(re:exec("a needle xx yyy")) .. " match=" .. tostring(st) .. " "
    .. table.concat(list, "|") .. " #" .. #list
  local _, r2 = Regex.new("a(x)?(b)", true) local st2, l2 = r2:match("zab")
  out[#out + 1] = "np=" .. tostring(st2) .. " #" .. #l2 .. " " .. tostring(l2[1])
  local _, r3 = Regex.new("ABC", false) local _, r4 = Regex.new("ABC", true)
  out[#out + 1] = "ci=" .. tostring(r3:exec("xabcx")) .. " cs=" .. tostring(r4:exec("xabcx"))
  local st5, l5 = re:match("nothing") out[#out + 1] = "nomatch=" .. tostring(st5) .. " " .. type(l5) .. " #" .. #l5
  local ok6 = Regex.new("(", true) out[#out + 1] = "bad=" .. tostring(ok6)
  out[#out + 1] = "Map _int=" .. Map._int .. " _ip=" .. Map._ip .. " _str=" .. Map._str .. " _beg=" .. Map._beg .. " _sub=" .. Map._sub
    .. " _dir=" .. Map._dir .. " _dom=" .. Map._dom .. " _end=" .. Map._end .. " _reg=" .. Map._reg .. " str=" .. Map.str
  local function lk(name, keys_)
    local m = maps[name]
    local r = {}
    for _, k in ipairs(keys_) do r[#r + 1] = k .. ">" .. tostring(m:lookup(k)) .. "/" .. m:slookup(k) end
    return table.concat(r, " ")
  end
  out[#out + 1] = "str " .. lk("str", {"foo", "bar", "nope"})
  out[#out + 1] = "beg " .. lk("beg", {"foobar", "fo", "barn"})
  out[#out + 1] = "sub " .. lk("sub", {"xxbarxx", "oo", "zzz"})
  out[#out + 1] = "end " .. lk("end", {"xfoo", "ar", "zzz"})
  out[#out + 1] = "reg " .. lk("reg", {"/api/v1", "/static/x.png", "/other"})
  out[#out + 1] = "dom " .. lk("dom", {"www.example.com", "example.com", "notexample.com"})
  out[#out + 1] = "dir " .. lk("dir", {"/a/example.com/b", "/x"})
  out[#out + 1] = "ip " .. lk("ip", {"10.1.2.3", "10.9.9.9", "192.168.1.1", "8.8.8.8"})
  out[#out + 1] = "int " .. lk("int", {"42", "7", "8"}) .. " x=" .. tostring(pcall(maps.int.lookup, maps.int, "x"))
  local ok7, err7 = pcall(Map.new, DIR .. "/str.map", Map._str)
  out[#out + 1] = "runtime new=" .. tostring(ok7) .. " " .. tostring(err7):gsub("^.*'new'", "'new'")
  local body = table.concat(out, "\n") .. "\n"
  applet:set_status(200)
  applet:add_header("content-length", #body)
  applet:start_response()
  applet:send(body)
end)

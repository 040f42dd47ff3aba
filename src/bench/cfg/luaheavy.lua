-- Lua-heavy benchmark scripts (see luaheavy.cfg).
local NAMES = {"user-agent", "x-req-a", "x-req-b", "x-req-c", "x-req-d"}

core.register_action("heavy_action", {"http-req"}, function(txn)
    local parts = {}
    for i, name in ipairs(NAMES) do
        local v = txn.f:req_fhdr(name) or ""
        parts[i] = v
    end
    local joined = table.concat(parts, "|")
    local h = txn.c:sdbm(joined, 1)
    txn:set_var("txn.sdbm", h)
    txn:set_var("txn.hlen", #joined)
    txn:set_var("txn.first", parts[1])
end)

local KEYS = {}
for i = 1, 40 do KEYS[i] = string.format("field_%02d", i) end

core.register_service("heavy_service", "http", function(applet)
    local sdbm = applet:get_var("txn.sdbm") or 0
    local out = {"{"}
    for i = 1, #KEYS do
        out[#out + 1] = '"' .. KEYS[i] .. '": "' .. string.rep(string.char(97 + i % 26), 24) .. '-' .. (sdbm + i) .. '"'
        out[#out + 1] = i < #KEYS and ",\n" or "\n"
    end
    out[#out + 1] = "}\n"
    local body = table.concat(out)
    applet:set_status(200)
    applet:add_header("content-type", "application/json")
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)

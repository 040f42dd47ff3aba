local dir = "@DIR@/"
local maps = {["end"] = Map.new(dir .. "str.map", Map._end)}
local order = {"end"}
local keys = {"foo", "foobarbaz", "xfoobar", "a.www.example.com", "www.example.com", "10.1.2.3", "10.9.9.9",
    "/api/v2/x", "/img/a.png", "10", "200", "7", "nothing"}

core.register_service("maps", "http", function(applet)
    local out = {}
    for _, m in ipairs(order) do
        local r = {}
        for _, k in ipairs(keys) do
            local ok, l = pcall(maps[m].lookup, maps[m], k)
            local ok2, s = pcall(maps[m].slookup, maps[m], k)
            if not ok or not ok2 then
                r[#r + 1] = k .. ">error"
            elseif l ~= nil or s ~= "" then
                r[#r + 1] = k .. ">" .. tostring(l) .. "/" .. tostring(s)
            end
        end
        out[#out + 1] = m .. ": " .. table.concat(r, " ") .. " | miss " .. tostring((pcall(maps[m].lookup, maps[m], "nothing"))) ..
            "/" .. tostring((pcall(maps[m].slookup, maps[m], "nothing")))
    end
    local body = table.concat(out, "\n") .. "\n"
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)

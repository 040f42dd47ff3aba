-- Dumps what an HTTP service sees of the request, in a fixed order.
local function sorted_keys(t)
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    table.sort(keys)
    return keys
end

core.register_service("dump", "http", function(applet)
    local out = {}
    out[#out + 1] = "method=" .. applet.method
    out[#out + 1] = "version=" .. applet.version
    out[#out + 1] = "path=" .. applet.path
    out[#out + 1] = "qs=" .. applet.qs
    out[#out + 1] = "length=" .. tostring(applet.length) .. " " .. math.type(applet.length)
    local h = applet.headers
    for _, name in ipairs(sorted_keys(h)) do
        -- "connection" is checked by case applet_http_connection_header
        if name == "connection" and not SHOW_CONNECTION then goto next end
        local v = h[name]
        local vals = {}
        for i = 0, #v do vals[#vals + 1] = tostring(v[i]) end
        out[#out + 1] = name .. "#" .. #v .. "[0]=" .. tostring(v[0]) .. " all=" .. table.concat(vals, "|")
        ::next::
    end
    local ip = 0
    for _ in ipairs(h["x-dup"] or {}) do ip = ip + 1 end
    out[#out + 1] = "ipairs(x-dup)=" .. ip
    local body = table.concat(out, "\n") .. "\n"
    applet:set_status(200)
    applet:add_header("content-length", #body)
    applet:add_header("content-type", "text/plain")
    applet:start_response()
    applet:send(body)
end)

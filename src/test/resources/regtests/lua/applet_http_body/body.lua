local function reply(applet, parts)
    local body = table.concat(parts, ",") .. "\n"
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end

local function q(s)
    if s == nil then return "nil" end
    return "[" .. s:gsub("\r", "<CR>"):gsub("\n", "<LF>") .. "]"
end

core.register_service("lines", "http", function(applet)
    local parts = {}
    for i = 1, 5 do parts[#parts + 1] = q(applet:getline()) end
    reply(applet, parts)
end)

core.register_service("sizes", "http", function(applet)
    local parts = {}
    parts[#parts + 1] = q(applet:receive(3))
    parts[#parts + 1] = q(applet:receive(4))
    parts[#parts + 1] = q(applet:receive(100))
    parts[#parts + 1] = q(applet:receive(1))
    reply(applet, parts)
end)

core.register_service("all", "http", function(applet)
    local parts = {}
    parts[#parts + 1] = q(applet:receive())
    parts[#parts + 1] = q(applet:receive())
    parts[#parts + 1] = tostring(applet.length)
    reply(applet, parts)
end)

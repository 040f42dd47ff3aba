core.register_service("custom", "http", function(applet)
    applet:set_status(201, "Custom Reason")
    applet:add_header("X-Mixed-Case", "a")
    applet:add_header("x-mixed-case", "b")
    applet:add_header("x-number", 42)
    applet:add_header("content-length", "2")
    applet:start_response()
    applet:send("ok")
end)

core.register_service("range", "http", function(applet)
    local r1 = applet:set_status(99)
    local r2 = applet:set_status(600)
    applet:add_header("x-results", tostring(r1) .. "," .. tostring(r2))
    applet:add_header("content-length", "0")
    applet:start_response()
end)

core.register_service("chunked", "http", function(applet)
    applet:start_response()
    applet:send("part1-")
    applet:send("part2")
end)

core.register_service("nocontent", "http", function(applet)
    applet:set_status(204)
    applet:start_response()
end)

core.register_service("early", "http", function(applet)
    applet:send("too early")
end)

core.register_service("silent", "http", function(applet)
end)

core.register_service("boom", "http", function(applet)
    error("boom")
end)

core.register_service("multi", "http", function(applet)
    local parts = {}
    for i = 1, 50 do parts[#parts + 1] = string.format("%04d;", i) end
    local s = table.concat(parts)
    applet:add_header("content-length", tostring(#s * 4))
    applet:start_response()
    for i = 1, 4 do applet:send(s) end
end)

local function q(s)
    if s == nil then return "nil" end
    return "[" .. s:gsub("\r", "<CR>"):gsub("\n", "<LF>") .. "]"
end

core.register_service("lines", "tcp", function(applet)
    local out = {}
    for i = 1, 3 do out[#out + 1] = q(applet:getline()) end
    applet:send(table.concat(out, ",") .. "\n")
end)

core.register_service("sizes", "tcp", function(applet)
    local out = {}
    out[#out + 1] = q(applet:receive(2))
    out[#out + 1] = q(applet:receive(5))
    out[#out + 1] = q(applet:receive(1))
    applet:send(table.concat(out, ",") .. "\n")
end)

core.register_service("echo", "tcp", function(applet)
    local n = 0
    applet:set_var("txn.seen", "yes")
    while true do
        local l = applet:getline()
        if l == "" or l == "quit\n" then break end
        n = n + 1
        applet:send(n .. ":" .. l)
    end
    applet:send("var=" .. tostring(applet:get_var("txn.seen")) .. " unset=" .. tostring(applet:unset_var("txn.seen"))
        .. " after=" .. tostring(applet:get_var("txn.seen")) .. "\n")
    applet:send("bye\n")
end)

core.register_action("setv", {"http-req"}, function(txn)
    local r = {}
    for _, name in ipairs({"proc.a", "sess.a", "txn.a", "req.a", "invalid.a", "a"}) do
        r[#r + 1] = name .. "=" .. tostring(txn:set_var(name, "v")) .. "/" .. tostring(txn:get_var(name))
    end
    txn:set_var("txn.int", 42)
    txn:set_var("txn.float", 1.5)
    txn:set_var("txn.half", 10 / 2)
    txn:set_var("txn.bool", true)
    txn:set_var("txn.tbl", {})
    for _, name in ipairs({"txn.int", "txn.float", "txn.half", "txn.bool", "txn.tbl"}) do
        local v = txn:get_var(name)
        r[#r + 1] = name .. "=" .. tostring(v) .. ":" .. type(v)
    end
    r[#r + 1] = "unset=" .. tostring(txn:unset_var("txn.int")) .. "/" .. tostring(txn:get_var("txn.int"))
    r[#r + 1] = "unset-missing=" .. tostring(txn:unset_var("txn.never"))
    txn:set_var("txn.report", table.concat(r, " "))
end)

core.register_service("echo", "http", function(applet)
    local name = applet.headers["var"] and applet.headers["var"][0] or "txn.x"
    local ok = applet:set_var(name, "value")
    local v = applet:get_var(name)
    local body = "echo: " .. tostring(v) .. "\n"
    applet:set_status(ok and 202 or 400)
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)

core.register_service("ifexist", "http", function(applet)
    local name = applet.headers["var"][0]
    local ok = applet:set_var(name, "value", true)
    local body = "echo: " .. tostring(applet:get_var(name)) .. "\n"
    applet:set_status(ok and 202 or 400)
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)

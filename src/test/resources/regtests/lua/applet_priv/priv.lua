core.register_action("stash", {"http-req"}, function(txn)
    txn:set_priv("from-action")
end)

core.register_service("hpriv", "http", function(applet)
    local before = type(applet:get_priv())
    applet:set_priv({n = 1})
    local p = applet:get_priv()
    local body = "before=" .. before .. " after=" .. type(p) .. " n=" .. tostring(p and p.n) .. "\n"
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)


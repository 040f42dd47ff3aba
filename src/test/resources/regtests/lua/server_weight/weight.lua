core.register_action("admin", {"http-req"}, function(txn)
    local path = txn.sf:path()
    local s2 = core.backends["be"].servers["s2"]
    if path == "/admin/w0" then
        txn:set_var("txn.r", "set=" .. tostring(s2:set_weight("0")) .. " w=" .. s2:get_weight())
    elseif path == "/admin/w1" then
        txn:set_var("txn.r", "set=" .. tostring(s2:set_weight("1")) .. " w=" .. s2:get_weight())
    elseif path == "/admin/bad" then
        txn:set_var("txn.r", "set=" .. tostring(s2:set_weight("abc")) .. " w=" .. s2:get_weight())
    elseif path == "/admin/maint" then
        s2:set_maint()
        txn:set_var("txn.r", "status=" .. s2:get_stats()["status"])
    elseif path == "/admin/ready" then
        s2:set_ready()
        txn:set_var("txn.r", "status=" .. s2:get_stats()["status"])
    end
end)

core.register_action("peek", {"tcp-req"}, function(txn)
    local line = txn.req:getline()
    local dup = txn.req:dup()
    local r = "line=" .. line:gsub("\n", "<LF>") .. " dup=" .. dup:gsub("\n", "<LF>") .. " in=" .. txn.req:input() ..
        " resp=" .. tostring(txn.req:is_resp()) .. " full=" .. tostring(txn.req:is_full())
    txn.req:set("REPLACED\n")
    -- insert at the end rather than append: HAProxy 2.6.12's append inserts at the start of the
    -- input (see the channel_append case)
    txn.req:insert("appended\n", txn.req:input())
    txn:set_var("sess.r", r)
end)

core.register_action("respeek", {"tcp-res"}, function(txn)
    txn.res:append("[" .. tostring(txn:get_var("sess.r")) .. " resin=" .. txn.res:input() .. " isresp=" ..
        tostring(txn.res:is_resp()) .. "]\n")
end)

core.register_service("peer", "tcp", function(applet)
    local a = applet:getline()
    local b = applet:getline()
    applet:send("peer got " .. a:gsub("\n", "<LF>") .. b:gsub("\n", "<LF>") .. "\n")
end)

core.register_action("httpchan", {"http-req"}, function(txn)
    local ok, err = pcall(function() return txn.req:set("x") end)
    txn:set_var("txn.r", "set ok=" .. tostring(ok) .. " input>0=" .. tostring(txn.req:input() > 0))
end)

core.register_action("rewrite", {"http-req"}, function(txn)
    local h = txn.http:req_get_headers()
    local xd = h["x-dup"]
    txn.http:req_add_header("x-count", tostring(#xd) .. ":" .. tostring(xd[0]) .. ":" .. tostring(xd[1]))
    txn.http:req_set_header("x-set", "one")
    txn.http:req_del_header("x-del")
    txn.http:req_rep_header("x-rep", "^(a+)-(b+)$", "\\2-\\1")
    txn.http:req_rep_value("x-val", "^v", "w")
    txn.http:req_set_method("PUT")
    txn.http:req_set_path("/new/path")
    txn.http:req_set_query("k=v")
end)

core.register_action("resrewrite", {"http-res"}, function(txn)
    local h = txn.http:res_get_headers()
    txn.http:res_set_header("x-peer-seen", tostring(h["x-from-peer"] and h["x-from-peer"][0]))
    txn.http:res_add_header("x-added", "r")
    txn.http:res_del_header("x-from-peer")
    txn.http:res_set_status(299, "Lua Was Here")
end)

core.register_service("peer", "http", function(applet)
    local names = {}
    for k in pairs(applet.headers) do names[#names + 1] = k end
    table.sort(names)
    local out = {applet.method .. " " .. applet.path .. "?" .. applet.qs}
    for _, k in ipairs(names) do
        if k ~= "host" then
            local v = applet.headers[k]
            local vals = {}
            for i = 0, #v do vals[#vals + 1] = v[i] end
            out[#out + 1] = k .. "=" .. table.concat(vals, "|")
        end
    end
    local body = table.concat(out, "\n") .. "\n"
    applet:add_header("x-from-peer", "p")
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)

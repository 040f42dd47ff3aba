core.register_action("privact", {"http-req"}, function(txn)
    local p = txn:get_priv()
    local trace = txn:get_var("txn.trace") or ""
    txn:set_var("txn.trace", trace .. "saw=" .. tostring(p) .. " ")
    txn:set_priv((p or 0) + 10)
end)

core.register_fetches("privfetch", function(txn)
    return tostring(txn:get_priv())
end)

-- txn.f:http_auth* from a Lua action (HttpAuthIT): the same script runs on HAProxy 2.6 and Luxy.
core.register_action("auth_vars", { "http-req" }, function(txn)
  txn:set_var("txn.lua_auth", tostring(txn.f:http_auth("L")) .. "/" .. tostring(txn.f:http_auth_group("L"))
    .. "/" .. tostring(txn.f:http_auth_type()) .. "/" .. tostring(txn.f:http_auth_user()))
end)

-- Channel:append adds at the end of the incoming data (doc/lua-api "Channel.append"); HAProxy
-- 2.6.12 inserts at their start instead (checked with haproxy -d: "x2\n" + append("APP\n") gives
-- "APP\nx2\n"), hence the HAPROXY-DIFFERS marker.
core.register_action("app", {"tcp-req"}, function(txn)
    txn.req:getline()
    txn.req:append("APP\n")
    txn.req:append("APQ\n")
end)

core.register_service("lines", "tcp", function(applet)
    local all = ""
    while true do
        local l = applet:getline()
        if l == nil or l == "" then break end
        all = all .. l:gsub("\n", "|")
    end
    applet:send(all .. "\n")
end)

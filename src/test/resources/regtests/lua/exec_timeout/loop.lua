core.register_action("loop", {"http-req"}, function(txn)
    txn:set_var("txn.reached", "started")
    local i = 0
    while true do i = i + 1 end
end)

core.register_fetches("loopfetch", function(txn)
    while true do end
end)

core.register_service("loopsvc", "http", function(applet)
    while true do end
end)

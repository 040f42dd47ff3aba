-- Lua faults benchmark (src/bench/faults.sh): faulty functions beside a healthy service, all in
-- the one shared lua-load state, as a script with one bad function would be.

-- a memory bomb: doubles a string until tune.lua.maxmem (or the heap) stops it
core.register_service("bomb", "http", function(applet)
  local s = "x"
  while true do s = s .. s end
end)

-- endless loops without function calls, stopped by tune.lua.session-timeout/service-timeout
core.register_action("loop_while", {"http-req"}, function(txn) while true do end end)
core.register_action("loop_for", {"http-req"}, function(txn) for i = 1, 1e18 do end end)
core.register_action("loop_repeat", {"http-req"}, function(txn) repeat until false end)
core.register_service("spin", "http", function(applet) while true do end end)

-- the well-behaved neighbour, measured
core.register_service("healthy", "http", function(applet)
  local body = "hello " .. applet.path
  applet:set_status(200)
  applet:add_header("content-type", "text/plain")
  applet:add_header("content-length", #body)
  applet:start_response()
  applet:send(body)
end)

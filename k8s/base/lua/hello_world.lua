-- Seed 002 (shared/seeds/002_*): HAProxy Enterprise "Lua scripts" — hello world services.
core.register_service("hello_world_tcp", "tcp", function(applet)
  applet:send("hello world\n")
end)

core.register_service("hello_world_http", "http", function(applet)
  local response = "The path which was requested is: '" .. applet.path .. "'\n"
  applet:add_header("content-length", string.len(response))
  applet:add_header("content-type", "text/plain")
  applet:start_response()
  applet:send(response)
end)

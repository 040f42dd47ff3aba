-- Seed 000/001 (shared/seeds/000_*, 001_*): "LUA" — a checktcp HTTP service, unchanged.
-- It connects to the TCP echo server on 127.0.0.1:8080, sends "check", skips the header
-- line the echo server adds, and answers 200 "OK" when the echo comes back, 503 "KO" otherwise.
local function checktcp(applet)
  local addr = '127.0.0.1'
  local port = 8080

  local code = 503
  local response = "KO\r\n"

  -- Use core.tcp to get an instance of the Socket class
  local socket = core.tcp()
  socket:settimeout(1)

  -- Connect to the service and send the request
  if socket:connect(addr, port) then
    if socket:send("check\n") then
      -- Skip response headers
      socket:receive('*l')
      -- Get the content
      local content = socket:receive('*l')
      if content and content == "check" then
        code = 200
        response = "OK\r\n"
      end
    end
    socket:close()
  end

  applet:set_status(code)
  applet:add_header("content-length", string.len(response))
  applet:add_header("content-type", "text/html")
  applet:start_response()
  applet:send(response)
end

core.register_service("checktcp", "http", checktcp)

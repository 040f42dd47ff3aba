-- Seed 000 (shared/seeds/000_*): the "custom TCP echo server that adds a header with some
-- information like IPs" that checktcp talks to, written as a Luxy/HAProxy Lua TCP service.
-- First line: "echo <client ip>:<port> -> <local ip>:<port>", then every line echoed back.
core.register_service("echo", "tcp", function(applet)
  applet:send("echo " .. applet.sf:src() .. ":" .. applet.sf:src_port() ..
              " -> " .. applet.sf:dst() .. ":" .. applet.sf:dst_port() .. "\n")
  while true do
    local line = applet:getline()
    if line == nil or line == "" then
      break
    end
    applet:send(line)
  end
end)

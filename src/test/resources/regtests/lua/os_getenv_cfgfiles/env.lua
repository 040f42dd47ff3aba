-- HAProxy sets HAPROXY_CFGFILES once the configuration is parsed: nil in the main chunk
AT_LOAD = os.getenv("HAPROXY_CFGFILES")

core.register_service("env", "http", function(applet)
    local files = os.getenv("HAPROXY_CFGFILES")
    local n, marker = 0, false
    for f in string.gmatch(files or "", "[^;]+") do
        n = n + 1
        local fh = io.open(f, "r")
        if fh then
            marker = marker or fh:read("*a"):find("cfgfiles-marker", 1, true) ~= nil
            fh:close()
        end
    end
    local body = "load=" .. tostring(AT_LOAD) .. " files=" .. n .. " marker=" .. tostring(marker) .. "\n"
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)

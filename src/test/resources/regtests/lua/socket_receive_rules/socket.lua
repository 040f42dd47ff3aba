local DATA = @P2@
local SLOW = @P3@
local NOBODY = @P4@

local function q(...)
    local out = {}
    for i = 1, select("#", ...) do
        local v = select(i, ...)
        if type(v) == "string" then
            out[#out + 1] = "[" .. v:gsub("\r", "<CR>"):gsub("\n", "<LF>") .. "]"
        else
            out[#out + 1] = tostring(v)
        end
    end
    return table.concat(out, " ")
end

local function reply(applet, lines)
    local body = table.concat(lines, "\n") .. "\n"
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end

-- peer: reads one line, answers with fixed data ending in what it read, then closes
core.register_service("data_peer", "tcp", function(applet)
    local l = applet:getline()
    applet:send("line1\r\nline2\nABCDEFGHgot=" .. l:gsub("\n", ""))
end)

-- peer: sends "abc", waits 1.5 s, sends "def\n", closes
core.register_service("slow_peer", "tcp", function(applet)
    applet:send("abc")
    core.msleep(1500)
    applet:send("def\n")
end)

core.register_service("patterns", "http", function(applet)
    local s = core.tcp()
    s:settimeout(3)
    local out = {}
    out[#out + 1] = "connect " .. q(s:connect("127.0.0.1", DATA))
    out[#out + 1] = "send " .. q(s:send("xGO\nyy", 2, 4))
    out[#out + 1] = "*l " .. q(s:receive("*l"))
    out[#out + 1] = "default " .. q(s:receive())
    out[#out + 1] = "n=3 " .. q(s:receive(3))
    out[#out + 1] = "prefix " .. q(s:receive(2, "pre-"))
    out[#out + 1] = "*a " .. q(s:receive("*a"))
    out[#out + 1] = "after " .. q(s:receive())
    out[#out + 1] = "after *a " .. q(s:receive("*a"))
    out[#out + 1] = "close " .. q(s:close())
    reply(applet, out)
end)

core.register_service("partial", "http", function(applet)
    local s = core.tcp()
    s:settimeout(3)
    local out = {}
    out[#out + 1] = "connect " .. q(s:connect("127.0.0.1", DATA))
    s:send("P\n")
    out[#out + 1] = "n=100 " .. q(s:receive(100))
    out[#out + 1] = "again " .. q(s:receive(1))
    s:close()
    local t = core.tcp()
    t:settimeout(3)
    t:connect("127.0.0.1", DATA)
    t:send("L\n")
    t:receive("*l")
    t:receive("*l")
    out[#out + 1] = "*l at close " .. q(t:receive("*l"))
    t:close()
    reply(applet, out)
end)

core.register_service("forms", "http", function(applet)
    local out = {}
    for _, addr in ipairs({"127.0.0.1:" .. DATA, "ipv4@127.0.0.1:" .. DATA}) do
        local s = core.tcp()
        s:settimeout(3)
        local ok, err = s:connect(addr)
        local peer = s:getpeername()
        s:send("F\n")
        out[#out + 1] = "connect(" .. addr:gsub("%d+$", "PORT") .. ") " .. q(ok, err) .. " peer " ..
            tostring(peer):gsub("%d+$", "PORT") .. " " .. q(s:receive("*l"))
        s:close()
    end
    reply(applet, out)
end)

core.register_service("timeout", "http", function(applet)
    local s = core.tcp()
    s:settimeout(0.3)
    local out = {}
    out[#out + 1] = "connect " .. q(s:connect("127.0.0.1", SLOW))
    out[#out + 1] = "*l " .. q(s:receive("*l"))
    -- HAProxy 2.6 frees the socket after a timeout: any later call raises an error
    out[#out + 1] = "usable after timeout " .. tostring((pcall(function() return s:receive("*l") end)))
    reply(applet, out)
end)

core.register_service("refused", "http", function(applet)
    local s = core.tcp()
    s:settimeout(1)
    reply(applet, {"connect " .. q(s:connect("127.0.0.1", NOBODY))})
end)

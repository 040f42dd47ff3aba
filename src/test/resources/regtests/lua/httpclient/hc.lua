local PEER = "http://127.0.0.1:@P2@"

core.register_service("peer", "http", function(applet)
    local body = applet:receive()
    local h = applet.headers["x-h"]
    local out = applet.method .. " " .. applet.path .. "?" .. applet.qs .. " x-h=" .. tostring(h and h[0]) .. " body=" .. body
    applet:set_status(201, "Made")
    applet:add_header("x-peer", "one")
    applet:add_header("x-peer", "two")
    if applet.method ~= "HEAD" then
        applet:add_header("content-length", #out)
    end
    applet:start_response()
    if applet.method ~= "HEAD" then applet:send(out) end
end)

local function show(r)
    if r == nil then return "nil" end
    local xp = r.headers and r.headers["x-peer"]
    return tostring(r.status) .. " " .. tostring(r.reason) .. " x-peer[0]=" .. tostring(xp and xp[0]) .. " x-peer[1]=" ..
        tostring(xp and xp[1]) .. " body=" .. tostring(r.body)
end

core.register_service("client", "http", function(applet)
    -- one client per request: HAProxy 2.6.12 stalls when a client object is reused
    local hc = core.httpclient
    local out = {}
    out[#out + 1] = "get " .. show(hc():get{url = PEER .. "/g?q=1", headers = {["x-h"] = {"hv"}}})
    out[#out + 1] = "post " .. show(hc():post{url = PEER .. "/p", body = "payload"})
    out[#out + 1] = "put " .. show(hc():put{url = PEER .. "/u", body = "data", timeout = 2000})
    out[#out + 1] = "delete " .. show(hc():delete{url = PEER .. "/d"})
    out[#out + 1] = "head " .. show(hc():head{url = PEER .. "/h"})
    out[#out + 1] = "refused " .. tostring(hc():get{url = "http://127.0.0.1:@P4@/"}.status)
    local body = table.concat(out, "\n") .. "\n"
    applet:add_header("content-length", #body)
    applet:start_response()
    applet:send(body)
end)

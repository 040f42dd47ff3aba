core.register_action("answer", {"http-req"}, function(txn)
    local path = txn.sf:path()
    if path == "/obj" then
        local r = txn:reply()
        r:set_status(418, "Teapot Here")
        r:add_header("x-a", "1")
        r:add_header("x-a", "2")
        r:add_header("x-gone", "x")
        r:del_header("x-gone")
        r:add_header("content-type", "text/plain")
        r:set_body("short and stout")
        txn:done(r)
    elseif path == "/table" then
        txn:done(txn:reply{status = 403, reason = "No Way", headers = {["x-b"] = {"v1", "v2"}}, body = "denied by table"})
    elseif path == "/fields" then
        local r = txn:reply()
        txn:done(txn:reply{status = 200, body = "status=" .. tostring(r.status) .. " reason=" .. tostring(r.reason) ..
            " body=" .. tostring(r.body) .. " headers=" .. type(r.headers)})
    elseif path == "/bare" then
        txn:done()
    elseif path == "/deny" then
        return act.DENY
    elseif path == "/error" then
        return act.ERROR
    elseif path == "/invalid" then
        return act.INVALID
    elseif path == "/continue" then
        return act.CONTINUE
    elseif path == "/codes" then
        txn:done(txn:reply{status = 200, body = table.concat({act.CONTINUE, act.STOP, act.YIELD, act.ERROR, act.DONE,
            act.DENY, act.ABORT, act.INVALID}, ",")})
    end
end)

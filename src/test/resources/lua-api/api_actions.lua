-- Actions used by LuaApiTrafficIT, LuaReplyIT, LuaHttpClientIT and LuaTxnVarsIT.

core.register_action("setw", {"http-req"}, function(txn, srv, w)
  txn:set_var("txn.err", tostring(core.backends["be"].servers[srv]:set_weight(w)))
end, 2)

core.register_action("admin", {"http-req"}, function(txn, srv, state)
  local s = core.backends["be"].servers[srv]
  if state == "maint" then s:set_maint() elseif state == "drain" then s:set_drain() else s:set_ready() end
  local st = s:get_stats()
  txn:set_var("txn.err", st.status .. " act=" .. core.backends["be"]:get_stats().act .. " w=" .. s:get_weight())
end, 2)

core.register_action("reply", {"http-req"}, function(txn)
  local r = txn:reply({status = 418, headers = {["x-a"] = {"1", "2"}}, body = "tea"})
  r:add_header("X-B", "3")
  txn:done(r)
  txn:set_var("txn.after", "reached") -- never runs
end)

core.register_action("reply_set", {"http-req"}, function(txn)
  local r = txn:reply()
  r:set_status(403, "Nope")
  r:add_header("x-c", "1")
  r:add_header("x-d", "2")
  r:del_header("x-c")
  r:set_body("no")
  txn:done(r)
end)

core.register_action("reply_table", {"http-req"}, function(txn)
  txn:done{status = 201, body = "made"}
end)

core.register_action("reply_empty", {"http-req"}, function(txn)
  txn:done(txn:reply())
end)

core.register_action("done_noreply", {"http-req"}, function(txn)
  txn:done()
end)

core.register_action("vars", {"http-req"}, function(txn)
  local out = {}
  local c = (txn:get_var("sess.count") or 0) + 1
  out[#out + 1] = "sess=" .. tostring(txn:set_var("sess.count", c)) .. ":" .. c
  out[#out + 1] = "txn_before=" .. tostring(txn:get_var("txn.t"))
  out[#out + 1] = "txn=" .. tostring(txn:set_var("txn.t", "v"))
  out[#out + 1] = "req=" .. tostring(txn:set_var("req.r", 5)) .. ":" .. tostring(txn:get_var("req.r"))
  out[#out + 1] = "res=" .. tostring(txn:set_var("res.r", true)) .. ":" .. tostring(txn:get_var("res.r"))
  out[#out + 1] = "bad=" .. tostring(txn:set_var("invalid.x", "v")) .. ":" .. tostring(txn:get_var("invalid.x"))
  out[#out + 1] = "float=" .. tostring(txn:set_var("txn.f", 1.5)) .. ":" .. tostring(txn:get_var("txn.f"))
  out[#out + 1] = "ifexist_new_proc=" .. tostring(txn:set_var("proc.fresh", "v", true)) .. ":" .. tostring(txn:get_var("proc.fresh"))
  out[#out + 1] = "ifexist_txn=" .. tostring(txn:set_var("txn.ie", "v", true)) .. ":" .. tostring(txn:get_var("txn.ie"))
  txn:set_var("proc.known", "a")
  out[#out + 1] = "ifexist_known_proc=" .. tostring(txn:set_var("proc.known", "b", true)) .. ":" .. tostring(txn:get_var("proc.known"))
  out[#out + 1] = "unset=" .. tostring(txn:unset_var("txn.t")) .. ":" .. tostring(txn:get_var("txn.t"))
  txn:set_var("txn.out", table.concat(out, " "))
  txn:set_loglevel(core.info)
  txn:set_tos(0) txn:set_mark(0) txn:set_priority_class(1) txn:set_priority_offset(1)
end)

core.register_action("hc", {"http-req"}, function(txn, port, what)
  local hc = core.httpclient()
  local base = "http://127.0.0.1:" .. port
  local r
  if what == "get" then
    r = hc:get{url = base .. "/echo?q=1", headers = {["x-a"] = {"1", "2"}, ["x-b"] = "3"}}
  elseif what == "post" then
    r = hc:post{url = base .. "/echo", body = string.rep("z", 70000)}
  elseif what == "head" then
    r = hc:head{url = base .. "/echo"}
  elseif what == "slow" then
    r = hc:get{url = base .. "/slow", timeout = 300}
  elseif what == "dst" then
    r = hc:get{url = "http://example.invalid/echo", dst = "127.0.0.1:" .. port}
  end
  local h = r.headers["x-multi"]
  txn:set_var("txn.out", "status=" .. r.status .. " reason=" .. tostring(r.reason) .. " len=" .. #r.body
    .. " body=" .. r.body:sub(1, 60) .. " multi=" .. tostring(h and h[0]) .. "," .. tostring(h and h[1]))
end, 2)

core.register_fetches("hc_in_fetch", function(txn, port)
  local r = core.httpclient():get{url = "http://127.0.0.1:" .. port .. "/echo"}
  return "fetched " .. r.status
end)

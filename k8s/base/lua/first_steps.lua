-- Seed 003 (shared/seeds/003_*): "Lua: Architecture and first steps" — the examples of its
-- "First steps with Lua" chapter: a sample fetch (my-hash), a converter, a task, and priv.

-- The first useful example: a sample fetch used as %[lua.my-hash(salt)].
function my_hash(txn, salt)
   local str = ""
   str = str .. salt
   str = str .. txn.sf:req_fhdr("host")
   str = str .. txn.sf:path()
   str = str .. txn.sf:src()
   local result = txn.sc:sdbm(str, 1)
   return result
end

core.register_fetches("my-hash", my_hash)

-- A converter: "takes a data as entry and returns a transformation of this data as output".
-- The input always arrives as a string; here it is wrapped as "<tag>:<input reversed>".
core.register_converters("tag", function(str, tag)
   return (tag or "tag") .. ":" .. string.reverse(str)
end)

-- The task entry point: started once with the scheduler; periodic work uses core.msleep().
ticks = 0
core.register_task(function()
   while true do
      ticks = ticks + 1
      core.msleep(100)
   end
end)

-- Storing Lua variables between functions of the same stream: get_priv / set_priv.
-- The action stores a table; the fetch reads an entry of it later in the same request.
core.register_action("remember", { "http-req" }, function(txn)
   local t = {}
   t["entry1"] = "foo"
   t["entry2"] = txn.sf:method()
   txn:set_priv(t)
end)

core.register_fetches("priv-entry", function(txn, key)
   local t = txn:get_priv()
   if t == nil then
      return "none"
   end
   return t[key or "entry1"]
end)

-- A service that shows what the rules above computed (they arrive as request headers).
core.register_service("first_steps", "http", function(applet)
   local function h(name)
      local v = applet.headers[name]
      return v and v[0] or "-"
   end
   local body = "hash=" .. h("x-hash") .. "\n" ..
                "tag=" .. h("x-tag") .. "\n" ..
                "priv=" .. h("x-priv") .. "\n" ..
                "ticks=" .. tostring(ticks > 0) .. "\n"
   applet:add_header("content-type", "text/plain")
   applet:add_header("content-length", string.len(body))
   applet:start_response()
   applet:send(body)
end)

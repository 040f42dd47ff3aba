local function show(v)
    return tostring(v) .. ":" .. (math.type(v) or type(v))
end

-- an error (bad argument) shows as "error"
local function add(r, name, f)
    local ok, v = pcall(f)
    r[#r + 1] = name .. "=" .. (ok and show(v) or "error")
end

core.register_action("types", {"http-req"}, function(txn)
    local r = {}
    add(r, "f.hdr(nope)", function() return txn.f:req_hdr("nope") end)
    add(r, "sf.hdr(nope)", function() return txn.sf:req_hdr("nope") end)
    add(r, "f.hdr(host)", function() return txn.f:req_hdr("host") end)
    add(r, "f.int", function() return txn.f:int(7) end)
    add(r, "sf.int", function() return txn.sf:int(7) end)
    add(r, "f.src", function() return txn.f:src() end)
    add(r, "sf.src", function() return txn.sf:src() end)
    add(r, "f.bool", function() return txn.f:bool("1") end)
    add(r, "sf.bool", function() return txn.sf:bool("1") end)
    add(r, "f.method", function() return txn.f:method() end)
    add(r, "f.req_fhdr", function() return txn.f:req_fhdr("host") end)
    add(r, "c.lower", function() return txn.c:lower("AbC") end)
    add(r, "c.bool", function() return txn.c:bool(1) end)
    add(r, "sc.bool", function() return txn.sc:bool(1) end)
    add(r, "c.add", function() return txn.c:add(5, "3") end)
    add(r, "sc.add", function() return txn.sc:add(5, "3") end)
    add(r, "c.ipmask", function() return txn.c:ipmask("10.1.2.3", 8) end)
    add(r, "c.json", function() return txn.c:json("a\"b", "ascii") end)
    txn:set_var("txn.r", table.concat(r, " "))
end)

core.register_fetches("ret", function(txn, what)
    if what == "nil" then return nil end
    if what == "float" then return 1.5 end
    if what == "half" then return 10 / 2 end
    if what == "true" then return true end
    if what == "table" then return {} end
    if what == "str" then return "v=" .. 10 / 2 end
    if what == "int" then return 42 end
end)

core.register_converters("conv", function(input, arg)
    return type(input) .. ":" .. tostring(input) .. ":" .. tostring(arg)
end)

core.register_fetches("args", function(txn, a, b, c)
    return tostring(a) .. "," .. tostring(b) .. "," .. tostring(c)
end)

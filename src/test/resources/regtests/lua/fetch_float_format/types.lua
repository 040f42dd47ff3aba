local function show(v)
    return tostring(v) .. ":" .. (math.type(v) or type(v))
end

core.register_action("types", {"http-req"}, function(txn)
    local r = {}
    r[#r + 1] = "f.hdr(nope)=" .. show(txn.f:req_hdr("nope"))
    r[#r + 1] = "sf.hdr(nope)=" .. show(txn.sf:req_hdr("nope"))
    r[#r + 1] = "f.hdr(host)=" .. show(txn.f:req_hdr("host"))
    r[#r + 1] = "f.int=" .. show(txn.f:int(7))
    r[#r + 1] = "sf.int=" .. show(txn.sf:int(7))
    r[#r + 1] = "f.src=" .. show(txn.f:src())
    r[#r + 1] = "sf.src=" .. show(txn.sf:src())
    r[#r + 1] = "f.bool=" .. show(txn.f:bool(1))
    r[#r + 1] = "sf.bool=" .. show(txn.sf:bool(1))
    r[#r + 1] = "f.method=" .. show(txn.f:method())
    r[#r + 1] = "f.req_fhdr=" .. show(txn.f:req_fhdr("host"))
    r[#r + 1] = "c.lower=" .. show(txn.c:lower("AbC"))
    r[#r + 1] = "c.bool=" .. show(txn.c:bool(1))
    r[#r + 1] = "sc.bool=" .. show(txn.sc:bool(1))
    r[#r + 1] = "c.add=" .. show(txn.c:add(5, 3))
    r[#r + 1] = "sc.add=" .. show(txn.sc:add(5, 3))
    r[#r + 1] = "c.ipmask=" .. show(txn.c:ipmask("10.1.2.3", 8))
    r[#r + 1] = "c.json=" .. show(txn.c:json("a\"b"))
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

local registered = pcall(core.register_cli, {"show", "luxy", "hello"}, "Say hello", function(applet, a1)
    applet:send("hello " .. tostring(a1) .. "\n")
end)
-- too many words is refused at load time
local too_many = pcall(core.register_cli, {"a", "b", "c", "d", "e", "f"}, "x", function() end)

core.register_fetches("cli_state", function(txn)
    return "registered=" .. tostring(registered) .. " six_words=" .. tostring(too_many)
end)

-- Lua engine benchmark (src/bench/EngineBench.java): the lua-heavy service body, recursion, an
-- arithmetic loop and .. chains, each a global function.
local KEYS = {}
for i = 1, 40 do KEYS[i] = string.format("field_%02d", i) end
function heavy()
  local n = 0
  for r = 1, 200 do
    local out = {"{"}
    for i = 1, #KEYS do
      out[#out + 1] = '"' .. KEYS[i] .. '": "' .. string.rep(string.char(97 + i % 26), 24) .. '-' .. (r + i) .. '"'
      out[#out + 1] = i < #KEYS and ",\n" or "\n"
    end
    out[#out + 1] = "}\n"
    n = n + #table.concat(out)
  end
  return n
end
local function f(n) if n < 2 then return n end return f(n - 1) + f(n - 2) end
function fib() return f(24) end
function loop() local s = 0 for i = 1, 3e6 do s = s + i % 7 end return s end
function concat() local n = 0 for i = 1, 2e5 do local s = "k" .. i .. ":" .. (i * 2) n = n + #s end return n end

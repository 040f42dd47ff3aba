--[[
haproxy-api.lua: the lua-haproxy embedded HTTP API (seed 004_b21d7d879039e8d0), written again
on HAProxy's Lua API (core.proxies/backends/frontends, Proxy:get_stats, Server:get_stats,
get_weight/set_weight, set_ready/set_drain/set_maint, core.get_info) instead of the stats
socket. Pure Lua in the common subset of Lua 5.2 and 5.3 (no '//', no bitwise operators), so it
runs unchanged on HAProxy 2.6 and on Luxy (LuaJ). No external module.

  global
      lua-load /etc/haproxy/lua/haproxy-api.lua
  listen api
      bind 127.0.0.1:8404
      mode http
      http-request lua.haproxy-api-auth
      http-request use-service lua.haproxy-api

ENDPOINTS (JSON unless said; a trailing '/' is ignored; names may be given as numeric ids,
proxy 'iid' or server 'sid', as lua-haproxy accepted)
  GET   /config                                  the loaded configuration, text/plain, secrets masked
  GET   /stats                                   [stats objects] every row, in 'show stat' order
  GET   /stats/info                              {show info field: value}
  GET   /stats/frontends                         [stats objects] of frontends (type 0)
  GET   /stats/frontends/:frontend               {stats object}
  GET   /stats/backends                          [stats objects] of backends (type 1)
  GET   /stats/backends/:backend                 {stats object}
  GET   /stats/backends/:backend/servers         [stats objects] of its servers (type 2), by sid
  GET   /stats/backends/:b/servers/:server       {stats object}
  GET   /stats/backends/:b/servers/:s/weight     {"current": N, "initial": N}
  PATCH /stats/backends/:b/servers/:s/weight     body {"weight": N} or {"weight": "N%"} ("current"
                                                 accepted too, as lua-haproxy sent it); answers the
                                                 new weight object
  GET   /stats/backends/:b/servers/:s/state      {"backend", "be_id", "server", "srv_id",
                                                 "state": "ready"|"drain"|"maint", "status",
                                                 "weight", "addr", "check_status"?}
  PATCH /stats/backends/:b/servers/:s/state      body {"state": "ready"|"drain"|"maint"}; answers
                                                 the new state object
A stats object has HAProxy's stats field names (doc/management.txt 9.1: pxname, svname, scur,
status, weight, iid, sid, type, ...) with their values; fields that do not apply to the row's
type (the [LFBS] letters of that list) and empty fields are left out, as empty CSV cells were
left out by lua-haproxy. A listen section is reported by its backend side (Proxy:get_stats in
HAProxy 2.6 only gives backend counters for a proxy that has both), also under /frontends.
Errors: {"error": "..."} with 400 (bad JSON or value), 401 (no credentials), 403 (wrong
credentials, or writes disabled), 404 (unknown path, frontend, backend or server), 405 (method
not allowed, with an Allow header), 413 (body over 64 KiB).

OPTIONS: each one is a lua-load argument 'name=value' (Luxy, and HAProxy 2.8+ which passes
lua-load arguments; HAProxy 2.6 ignores them) or else an environment variable.
  token=T         HAPROXY_API_TOKEN, LUXY_API_TOKEN: PATCH needs 'Authorization: Bearer T'.
  token-file=F    HAPROXY_API_TOKEN_FILE: the token is the first line of file F (Kubernetes secret).
  userlist=U      HAPROXY_API_USERLIST: PATCH also accepts 'Authorization: Basic' for a user of
                  the running config's 'userlist U' ('password' hashes and 'insecure-password'
                  alike). The check is the sample fetch http_auth(U), which HAProxy 2.6 does not
                  allow inside a Lua service: the action 'http-request lua.haproxy-api-auth' (to
                  put before use-service) runs it and passes the user in txn.haproxy_api_user.
                  Without that action, Basic credentials are refused (403). A cfg may set that
                  variable itself instead: 'http-request set-var(txn.haproxy_api_user)
                  http_auth_group(U) if { http_auth(U) }'.
  config=F[;F2]   HAPROXY_API_CONFIG, then HAPROXY_CFGFILES (set by HAProxy to the files it
                  loaded), then LUXY_CONFIG (Luxy's launcher), then the '-f' arguments of
                  /proc/self/cmdline, then config/haproxy.cfg (Luxy's default): the files served
                  by /config, read once when the service starts (core.register_init), else at
                  the first request. A folder given with -f is not listed: name its files.
  prefix=/api     HAPROXY_API_PREFIX: the endpoints live under this path prefix (default: none,
                  as in lua-haproxy).
Without any token or userlist, writes are refused (403): the API is read-only by default.
/config masks the passwords of 'user' lines, 'stats auth' passwords, Authorization header values
and the token= argument of lua-load lines.
]]

local SERVICE = "haproxy-api"
local MAX_BODY = 65536
local MASK = "******"

-- ---------------------------------------------------------------------------------------------
-- JSON
-- ---------------------------------------------------------------------------------------------

local json = {}

local ARRAY = {}
ARRAY.__index = ARRAY

--- Marks t as a JSON array (so that an empty table encodes as []).
function json.array(t)
  return setmetatable(t or {}, ARRAY)
end

local ESCAPES = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return ESCAPES[c] or string.format('\\u%04x', string.byte(c))
  end) .. '"'
end

local function encode_number(n)
  if n ~= n or n == math.huge or n == -math.huge then
    return 'null'
  end
  if n == math.floor(n) and n > -1e15 and n < 1e15 then
    return string.format('%d', n)
  end
  return tostring(n)
end

local encode_value

local function is_sequence(t)
  local n = 0
  for _ in pairs(t) do
    n = n + 1
  end
  for i = 1, n do
    if t[i] == nil then
      return false
    end
  end
  return n > 0
end

local function encode_table(t, out)
  if getmetatable(t) == ARRAY or is_sequence(t) then
    out[#out + 1] = '['
    for i = 1, #t do
      if i > 1 then
        out[#out + 1] = ','
      end
      encode_value(t[i], out)
    end
    out[#out + 1] = ']'
    return
  end
  local keys = {}
  for k in pairs(t) do
    keys[#keys + 1] = tostring(k)
  end
  table.sort(keys)
  out[#out + 1] = '{'
  for i, k in ipairs(keys) do
    if i > 1 then
      out[#out + 1] = ','
    end
    out[#out + 1] = encode_string(k)
    out[#out + 1] = ':'
    local v = t[k]
    if v == nil then
      v = t[tonumber(k)]
    end
    encode_value(v, out)
  end
  out[#out + 1] = '}'
end

encode_value = function(v, out)
  local ty = type(v)
  if ty == 'string' then
    out[#out + 1] = encode_string(v)
  elseif ty == 'number' then
    out[#out + 1] = encode_number(v)
  elseif ty == 'boolean' then
    out[#out + 1] = v and 'true' or 'false'
  elseif ty == 'table' then
    encode_table(v, out)
  else
    out[#out + 1] = 'null'
  end
end

--- Encodes a Lua value as JSON text (objects with sorted keys).
function json.encode(v)
  local out = {}
  encode_value(v, out)
  return table.concat(out)
end

local MAX_DEPTH = 32

local function utf8_char(c)
  if c < 128 then
    return string.char(c)
  elseif c < 2048 then
    return string.char(192 + math.floor(c / 64), 128 + c % 64)
  elseif c < 65536 then
    return string.char(224 + math.floor(c / 4096), 128 + math.floor(c / 64) % 64, 128 + c % 64)
  end
  return string.char(240 + math.floor(c / 262144), 128 + math.floor(c / 4096) % 64,
    128 + math.floor(c / 64) % 64, 128 + c % 64)
end

local function fail(msg, pos)
  error({ json_error = msg .. ' at character ' .. pos }, 0)
end

local decode_value

local function skip(s, i)
  local _, e = s:find('^[ \t\r\n]*', i)
  return e + 1
end

local UNESCAPES = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

local function decode_string(s, i)
  local parts = {}
  local j = i + 1
  while true do
    local a, b = s:find('^[^"\\%c]+', j)
    if a then
      parts[#parts + 1] = s:sub(a, b)
      j = b + 1
    end
    local c = s:sub(j, j)
    if c == '"' then
      return table.concat(parts), j + 1
    elseif c == '\\' then
      local e = s:sub(j + 1, j + 1)
      if UNESCAPES[e] then
        parts[#parts + 1] = UNESCAPES[e]
        j = j + 2
      elseif e == 'u' then
        local hex = s:match('^%x%x%x%x', j + 2)
        if not hex then
          fail('bad \\u escape', j)
        end
        local code = tonumber(hex, 16)
        j = j + 6
        if code >= 55296 and code < 56320 then
          local low = s:match('^\\u(%x%x%x%x)', j)
          local lc = low and tonumber(low, 16)
          if lc and lc >= 56320 and lc < 57344 then
            code = 65536 + (code - 55296) * 1024 + (lc - 56320)
            j = j + 6
          end
        end
        parts[#parts + 1] = utf8_char(code)
      else
        fail('bad escape', j)
      end
    elseif c == '' then
      fail('unterminated string', i)
    else
      fail('control character in string', j)
    end
  end
end

local function decode_number(s, i)
  local num = s:match('^-?%d+', i)
  if not num or num:match('^-?0%d') then
    fail('bad number', i)
  end
  local j = i + #num
  local frac = s:match('^%.%d+', j)
  if frac then
    j = j + #frac
  end
  local exp = s:match('^[eE][-+]?%d+', j)
  if exp then
    j = j + #exp
  end
  return tonumber(s:sub(i, j - 1)), j
end

local LITERALS = { ['true'] = true, ['false'] = false }

local function decode_container(s, i, depth, close)
  if depth > MAX_DEPTH then
    fail('too deeply nested', i)
  end
  local result = close == ']' and json.array() or {}
  local j = skip(s, i + 1)
  if s:sub(j, j) == close then
    return result, j + 1
  end
  while true do
    local v
    if close == '}' then
      if s:sub(j, j) ~= '"' then
        fail('expected a string key', j)
      end
      local k
      k, j = decode_string(s, j)
      j = skip(s, j)
      if s:sub(j, j) ~= ':' then
        fail("expected ':'", j)
      end
      v, j = decode_value(s, skip(s, j + 1), depth + 1)
      result[k] = v
    else
      v, j = decode_value(s, j, depth + 1)
      result[#result + 1] = v
    end
    j = skip(s, j)
    local c = s:sub(j, j)
    if c == close then
      return result, j + 1
    elseif c ~= ',' then
      fail("expected ',' or '" .. close .. "'", j)
    end
    j = skip(s, j + 1)
  end
end

decode_value = function(s, i, depth)
  local c = s:sub(i, i)
  if c == '{' then
    return decode_container(s, i, depth, '}')
  elseif c == '[' then
    return decode_container(s, i, depth, ']')
  elseif c == '"' then
    return decode_string(s, i)
  elseif c == '-' or c:match('%d') then
    return decode_number(s, i)
  end
  for word, v in pairs(LITERALS) do
    if s:sub(i, i + #word - 1) == word then
      return v, i + #word
    end
  end
  if s:sub(i, i + 3) == 'null' then
    return nil, i + 4
  end
  fail(c == '' and 'unexpected end of input' or 'unexpected character', i)
end

--- Decodes JSON text: returns the value, or nil and an error message.
function json.decode(s)
  local ok, v, j = pcall(function()
    local val, pos = decode_value(s, skip(s, 1), 0)
    pos = skip(s, pos)
    if pos <= #s then
      fail('trailing characters', pos)
    end
    return val, pos
  end)
  if ok then
    return v
  end
  if type(v) == 'table' and v.json_error then
    return nil, v.json_error
  end
  return nil, tostring(v)
end

-- ---------------------------------------------------------------------------------------------
-- Options and files
-- ---------------------------------------------------------------------------------------------

local ARGS = {}
for _, a in ipairs({ ... }) do
  local k, v = tostring(a):match('^([%w%-_]+)=(.*)$')
  if k then
    ARGS[k] = v
  end
end

--- The value of option name: the lua-load argument, else the first environment variable set.
local function option(name, ...)
  if ARGS[name] and ARGS[name] ~= '' then
    return ARGS[name]
  end
  if not os then
    return nil
  end
  for _, env in ipairs({ ... }) do
    local v = os.getenv(env)
    if v and v ~= '' then
      return v
    end
  end
  return nil
end

local function read_file(path)
  if not io then
    return nil -- tune.lua.openlibs without io
  end
  local f = io.open(path, 'rb')
  if not f then
    return nil
  end
  local data = f:read('*a')
  f:close()
  return data
end

local function split(s, seps)
  local out = {}
  for part in s:gmatch('[^' .. seps .. ']+') do
    out[#out + 1] = part
  end
  return out
end

--- The configuration files, in the order given by the first source that names some.
local function config_files()
  local list = option('config', 'HAPROXY_API_CONFIG', 'HAPROXY_CFGFILES')
  if list then
    return split(list, ';,')
  end
  list = os and os.getenv('LUXY_CONFIG')
  if list and list ~= '' then
    return split(list, ',')
  end
  local cmdline = read_file('/proc/self/cmdline') or ''
  local files, words = {}, split(cmdline, '%z')
  local rest = false
  for i, w in ipairs(words) do
    if rest then
      files[#files + 1] = w
    elseif w == '--' then
      rest = true
    elseif w == '-f' and words[i + 1] then
      files[#files + 1] = words[i + 1]
    end
  end
  if #files == 0 then
    files[1] = 'config/haproxy.cfg' -- Luxy's default (./mvnw quarkus:dev, the jar without -f)
  end
  return files
end

-- ---------------------------------------------------------------------------------------------
-- /config: reading and masking
-- ---------------------------------------------------------------------------------------------

--- Masks the HAProxy word that starts at position i of line (quoted or not).
local function mask_word(line, i)
  local q = line:sub(i, i)
  local j
  if q == '"' or q == "'" then
    j = line:find(q, i + 1, true) or #line
  else
    j = i
    while j <= #line do
      local c = line:sub(j, j)
      if c == '\\' then
        j = j + 1
      elseif c:match('%s') then
        break
      end
      j = j + 1
    end
    j = j - 1
  end
  return line:sub(1, i - 1) .. MASK .. line:sub(j + 1)
end

--- One config line with its secrets masked.
local function mask_line(line)
  local body = line:match('^%s*(.-)%s*$')
  if body:sub(1, 1) == '#' then
    return line
  end
  local lower = line:lower()
  if body:match('^user%s') then
    local a, b = lower:find('%spassword%s+')
    if not a then
      a, b = lower:find('%sinsecure%-password%s+')
    end
    if a then
      line = mask_word(line, b + 1)
    end
  end
  local a, b = lower:find('^%s*stats%s+auth%s+')
  if a then
    local colon = line:find(':', b + 1, true)
    if colon then
      line = mask_word(line, colon + 1)
    end
  end
  a, b = lower:find('authorization[:%s\\]+')
  if a and b < #line then
    line = line:sub(1, b) .. MASK
  end
  if lower:match('^%s*lua%-load') then
    line = line:gsub('(token=)%S+', '%1' .. MASK)
  end
  return line
end

local function mask(text)
  local out = {}
  for line in (text .. '\n'):gmatch('(.-)\r?\n') do
    out[#out + 1] = mask_line(line)
  end
  if out[#out] == '' then
    out[#out] = nil
  end
  return table.concat(out, '\n') .. '\n'
end

local config_text -- raw text of the loaded configuration, read once

local function load_config()
  if config_text then
    return config_text
  end
  local parts = {}
  for _, f in ipairs(config_files()) do
    local data = read_file(f)
    if data then
      parts[#parts + 1] = data
    end
  end
  if #parts > 0 then
    config_text = table.concat(parts, '\n')
  end
  return config_text
end

-- ---------------------------------------------------------------------------------------------
-- Authentication
-- ---------------------------------------------------------------------------------------------

local B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

local function base64_decode(s)
  s = s:gsub('%s', ''):gsub('=+$', '')
  if s:find('[^%w%+/]') then
    return nil
  end
  local out, bits, nbits = {}, 0, 0
  for i = 1, #s do
    bits = bits * 64 + (B64:find(s:sub(i, i), 1, true) - 1)
    nbits = nbits + 6
    if nbits >= 8 then
      nbits = nbits - 8
      local p = 2 ^ nbits
      out[#out + 1] = string.char(math.floor(bits / p))
      bits = bits % p
    end
  end
  return table.concat(out)
end

--- Compares two strings without stopping at the first difference.
local function same(a, b)
  if type(a) ~= 'string' or type(b) ~= 'string' or #a ~= #b then
    return false
  end
  local diff = 0
  for i = 1, #a do
    if a:byte(i) ~= b:byte(i) then
      diff = diff + 1
    end
  end
  return diff == 0
end

local function api_token()
  local t = option('token', 'HAPROXY_API_TOKEN', 'LUXY_API_TOKEN')
  if t then
    return t
  end
  local file = option('token-file', 'HAPROXY_API_TOKEN_FILE')
  if file then
    local data = read_file(file)
    if data then
      return data:match('^[^\r\n]*')
    end
  end
  return nil
end

--- The user that 'http-request lua.haproxy-api-auth' found valid in the userlist, or nil.
local AUTH_VAR = 'txn.haproxy_api_user'

--- http-request action: checks Basic credentials with http_auth(U) (crypt(3) hashes included)
--- and passes the user to the service, since HAProxy's Lua services cannot call that fetch.
local function auth_action(txn)
  local userlist = option('userlist', 'HAPROXY_API_USERLIST')
  if not userlist then
    return
  end
  local ok, valid = pcall(txn.f.http_auth, txn.f, userlist)
  if ok and (valid == 1 or valid == true) then
    txn:set_var(AUTH_VAR, txn.f:http_auth_user() or '')
  end
end

local function first_header(applet, name)
  local h = applet.headers[name]
  if h == nil then
    return nil
  end
  return h[0] or h[1]
end

--- nil when the request may change state, else status and message.
local function check_write_auth(applet)
  local token = api_token()
  local userlist = option('userlist', 'HAPROXY_API_USERLIST')
  if not token and not userlist then
    return 403, 'writes are disabled: no API token or userlist configured'
  end
  local auth = first_header(applet, 'authorization')
  if not auth or auth == '' then
    return 401, 'authentication required'
  end
  local scheme, cred = auth:match('^(%S+)%s+(.-)%s*$')
  scheme = scheme and scheme:lower()
  if scheme == 'bearer' and token and same(cred, token) then
    return nil
  end
  if scheme == 'basic' and userlist then
    local decoded = base64_decode(cred)
    local user = (decoded or ''):match('^([^:]*):')
    if user and same(applet:get_var(AUTH_VAR), user) then
      return nil
    end
  end
  return 403, 'invalid credentials'
end

local function challenge()
  local c = 'Bearer realm="' .. SERVICE .. '"'
  if option('userlist', 'HAPROXY_API_USERLIST') then
    c = c .. ', Basic realm="' .. SERVICE .. '"'
  end
  return c
end

-- ---------------------------------------------------------------------------------------------
-- Stats objects
-- ---------------------------------------------------------------------------------------------

-- doc/management.txt 9.1: the object types each field applies to (F frontend, B backend,
-- S server). HAProxy 2.6 fills one static array for every get_stats call without clearing it,
-- so a frontend's table also carries the last server's 'addr' or 'algo'; dropping the fields
-- that do not apply gives the same object on HAProxy and on Luxy, as the CSV would.
local APPLIES = {}
for name, types in ([[
pxname FBS svname FBS qcur BS qmax BS scur FBS smax FBS slim FBS stot FBS bin FBS bout FBS
dreq FB dresp FBS ereq F econ BS eresp BS wretr BS wredis BS status FBS weight BS act BS bck BS
chkfail S chkdown BS lastchg BS downtime BS qlimit S pid FBS iid FBS sid S throttle S lbtot BS
tracked S type FBS rate FBS rate_lim F rate_max FBS check_status S check_code S check_duration S
hrsp_1xx FBS hrsp_2xx FBS hrsp_3xx FBS hrsp_4xx FBS hrsp_5xx FBS hrsp_other FBS hanafail S
req_rate F req_rate_max F req_tot FB cli_abrt BS srv_abrt BS comp_in FB comp_out FB comp_byp FB
comp_rsp FB lastsess BS last_chk S last_agt S qtime BS ctime BS rtime BS ttime BS agent_status S
agent_code S agent_duration S check_desc S agent_desc S check_rise S check_fall S check_health S
agent_rise S agent_fall S agent_health S addr S cookie BS mode FBS algo B conn_rate F
conn_rate_max F conn_tot F intercepted FB dcon F dses F wrew FBS connect BS reuse BS
cache_lookups FB cache_hits FB srv_icur S src_ilim S qtime_max BS ctime_max BS rtime_max BS
ttime_max BS eint FBS idle_conn_cur S safe_conn_cur S used_conn_cur S need_conn_est S uweight BS
agg_server_status B agg_server_check_status B agg_check_status B
]]):gmatch('(%S+)%s+(%u+)') do
  APPLIES[name] = types
end

local TYPE_LETTER = { [0] = 'F', [1] = 'B', [2] = 'S' }

--- A stats table as a JSON object: fields of other object types and empty fields left out.
local function stats_object(raw)
  local letter = TYPE_LETTER[tonumber(raw.type)]
  local obj = {}
  for k, v in pairs(raw) do
    local applies = APPLIES[k]
    if v ~= nil and v ~= '' and (applies == nil or letter == nil or applies:find(letter, 1, true)) then
      obj[k] = v
    end
  end
  return obj
end

local function sorted_proxies(list)
  local out = {}
  for _, px in pairs(list) do
    out[#out + 1] = px
  end
  table.sort(out, function(a, b)
    return (tonumber(a.uuid) or 0) < (tonumber(b.uuid) or 0)
  end)
  return out
end

--- The proxy of list named name, or whose id (iid) is name.
local function find_proxy(list, name)
  if list[name] then
    return list[name]
  end
  local id = tonumber(name)
  if id then
    for _, px in pairs(list) do
      if tonumber(px.uuid) == id then
        return px
      end
    end
  end
  return nil
end

--- The servers of px as {server, stats} pairs sorted by sid.
local function server_rows(px)
  local rows = {}
  for name, srv in pairs(px.servers) do
    rows[#rows + 1] = { name = name, server = srv, stats = srv:get_stats() }
  end
  table.sort(rows, function(a, b)
    return (tonumber(a.stats.sid) or 0) < (tonumber(b.stats.sid) or 0)
  end)
  return rows
end

local function find_server(px, name)
  if px.servers[name] then
    return px.servers[name]
  end
  local id = tonumber(name)
  if id then
    for _, row in ipairs(server_rows(px)) do
      if tonumber(row.stats.sid) == id then
        return row.server
      end
    end
  end
  return nil
end

-- get_cap(): "frontend", "backend", or "proxy" for a listen section (one object with both).
local function is_frontend(px)
  return px:get_cap() == 'frontend'
end

local function is_backend(px)
  local cap = px:get_cap()
  return cap == 'backend' or cap == 'proxy'
end

--- Every stats row in 'show stat' order: per proxy by id, the frontend, its servers, the backend.
local function all_stats()
  local rows = json.array()
  for _, px in ipairs(sorted_proxies(core.proxies)) do
    local st = px:get_stats()
    if is_frontend(px) then
      rows[#rows + 1] = stats_object(st)
    end
    if is_backend(px) then
      for _, row in ipairs(server_rows(px)) do
        rows[#rows + 1] = stats_object(row.stats)
      end
      rows[#rows + 1] = stats_object(st)
    end
  end
  return rows
end

local function proxy_list(list)
  local rows = json.array()
  for _, px in ipairs(sorted_proxies(list)) do
    rows[#rows + 1] = stats_object(px:get_stats())
  end
  return rows
end

-- Initial weights, recorded when the service starts (HAProxy 2.6's Lua has no getter for them).
local initial_weights = {}

local function remember_weights()
  for bname, px in pairs(core.backends) do
    for sname, srv in pairs(px.servers) do
      local key = bname .. '/' .. sname
      if initial_weights[key] == nil then
        initial_weights[key] = srv:get_weight()
      end
    end
  end
end

local function weight_object(px, srv)
  local key = px.name .. '/' .. srv.name
  local current = srv:get_weight()
  if initial_weights[key] == nil then
    initial_weights[key] = current
  end
  return { current = current, initial = initial_weights[key] }
end

local function state_object(px, srv)
  local st = srv:get_stats()
  local status = st.status or ''
  local state = 'ready'
  if status:sub(1, 5) == 'MAINT' then
    state = 'maint'
  elseif status:sub(1, 5) == 'DRAIN' then
    state = 'drain'
  end
  return {
    backend = px.name, be_id = st.iid, server = srv.name, srv_id = st.sid,
    state = state, status = status, weight = srv:get_weight(), addr = srv:get_addr(),
    check_status = st.check_status,
  }
end

-- ---------------------------------------------------------------------------------------------
-- HTTP
-- ---------------------------------------------------------------------------------------------

local function send(applet, status, body, ctype, headers)
  applet:set_status(status)
  applet:add_header('content-type', ctype)
  applet:add_header('content-length', tostring(#body))
  applet:add_header('cache-control', 'no-store')
  for k, v in pairs(headers or {}) do
    applet:add_header(k, v)
  end
  applet:start_response()
  applet:send(body)
end

local function send_json(applet, status, value, headers)
  send(applet, status, json.encode(value) .. '\n', 'application/json', headers)
end

local function send_error(applet, status, msg, headers)
  send_json(applet, status, { error = msg }, headers)
end

local function url_decode(s)
  return (s:gsub('%%(%x%x)', function(h)
    return string.char(tonumber(h, 16))
  end))
end

local function segments(path)
  local out = {}
  for seg in path:gmatch('[^/]+') do
    out[#out + 1] = url_decode(seg)
  end
  return out
end

--- Reads and decodes the JSON body of a PATCH: the object, or nil after answering the error.
local function read_json(applet)
  local length = tonumber(applet.length) or 0
  if length > MAX_BODY then
    send_error(applet, 413, 'request body over ' .. MAX_BODY .. ' bytes')
    return nil
  end
  local body = applet:receive() or ''
  if #body > MAX_BODY then
    send_error(applet, 413, 'request body over ' .. MAX_BODY .. ' bytes')
    return nil
  end
  if body:match('^%s*$') then
    send_error(applet, 400, 'a JSON object body is required')
    return nil
  end
  local value, err = json.decode(body)
  if err then
    send_error(applet, 400, 'invalid JSON: ' .. err)
    return nil
  end
  if type(value) ~= 'table' or getmetatable(value) == ARRAY then
    send_error(applet, 400, 'a JSON object body is required')
    return nil
  end
  return value
end

local function patch_weight(applet, px, srv)
  local body = read_json(applet)
  if not body then
    return
  end
  local w = body.weight
  if w == nil then
    w = body.current
  end
  local text
  if type(w) == 'number' and w == math.floor(w) then
    text = string.format('%d', w)
  elseif type(w) == 'string' and w:match('^%d+%%?$') then
    text = w
  else
    return send_error(applet, 400, 'weight must be an integer or a string like "50%"')
  end
  local err = srv:set_weight(text)
  if err then
    return send_error(applet, 400, err)
  end
  send_json(applet, 200, weight_object(px, srv))
end

local STATES = { ready = 'set_ready', drain = 'set_drain', maint = 'set_maint' }

local function patch_state(applet, px, srv)
  local body = read_json(applet)
  if not body then
    return
  end
  local state = type(body.state) == 'string' and body.state:lower() or nil
  if not STATES[state] then
    return send_error(applet, 400, 'state must be one of "ready", "drain", "maint"')
  end
  srv[STATES[state]](srv)
  send_json(applet, 200, state_object(px, srv))
end

--- Answers one request; seg holds the path segments after the prefix.
local function route(applet, seg)
  local method = applet.method
  local n = #seg
  local function only(allowed)
    for _, m in ipairs(allowed) do
      if m == method then
        return true
      end
    end
    send_error(applet, 405, 'method ' .. method .. ' not allowed', { allow = table.concat(allowed, ', ') })
    return false
  end

  if n == 1 and seg[1] == 'config' then
    if not only({ 'GET' }) then
      return
    end
    local text = load_config()
    if not text then
      return send_error(applet, 500, 'configuration file not found (set config=FILE or HAPROXY_API_CONFIG)')
    end
    return send(applet, 200, mask(text), 'text/plain')
  end
  if seg[1] ~= 'stats' then
    return send_error(applet, 404, 'not found')
  end
  if n == 1 then
    return only({ 'GET' }) and send_json(applet, 200, all_stats())
  end
  if n == 2 and seg[2] == 'info' then
    return only({ 'GET' }) and send_json(applet, 200, core.get_info())
  end
  if seg[2] == 'frontends' and n <= 3 then
    if not only({ 'GET' }) then
      return
    end
    if n == 2 then
      return send_json(applet, 200, proxy_list(core.frontends))
    end
    local px = find_proxy(core.frontends, seg[3])
    if not px then
      return send_error(applet, 404, "no such frontend '" .. seg[3] .. "'")
    end
    return send_json(applet, 200, stats_object(px:get_stats()))
  end
  if seg[2] ~= 'backends' or n > 7 then
    return send_error(applet, 404, 'not found')
  end
  if n == 2 then
    return only({ 'GET' }) and send_json(applet, 200, proxy_list(core.backends))
  end
  if n >= 4 and seg[4] ~= 'servers' then
    return send_error(applet, 404, 'not found')
  end
  local px = find_proxy(core.backends, seg[3])
  if not px then
    return send_error(applet, 404, "no such backend '" .. seg[3] .. "'")
  end
  if n == 3 then
    return only({ 'GET' }) and send_json(applet, 200, stats_object(px:get_stats()))
  end
  if n == 4 then
    if not only({ 'GET' }) then
      return
    end
    local rows = json.array()
    for _, row in ipairs(server_rows(px)) do
      rows[#rows + 1] = stats_object(row.stats)
    end
    return send_json(applet, 200, rows)
  end
  local srv = find_server(px, seg[5])
  if not srv then
    return send_error(applet, 404, "no such server '" .. seg[5] .. "' in backend '" .. px.name .. "'")
  end
  if n == 5 then
    return only({ 'GET' }) and send_json(applet, 200, stats_object(srv:get_stats()))
  end
  local what = seg[6]
  if what ~= 'weight' and what ~= 'state' or n ~= 6 then
    return send_error(applet, 404, 'not found')
  end
  if not only({ 'GET', 'PATCH' }) then
    return
  end
  if method == 'GET' then
    return send_json(applet, 200, what == 'weight' and weight_object(px, srv) or state_object(px, srv))
  end
  local status, msg = check_write_auth(applet)
  if status then
    return send_error(applet, status, msg, status == 401 and { ['www-authenticate'] = challenge() } or nil)
  end
  if what == 'weight' then
    return patch_weight(applet, px, srv)
  end
  return patch_state(applet, px, srv)
end

local function serve(applet)
  local path = applet.path or '/'
  local prefix = option('prefix', 'HAPROXY_API_PREFIX')
  if prefix then
    prefix = prefix:gsub('/+$', '')
    if path == prefix then
      path = '/'
    elseif path:sub(1, #prefix + 1) == prefix .. '/' then
      path = path:sub(#prefix + 1)
    else
      return send_error(applet, 404, 'not found')
    end
  end
  route(applet, segments(path))
end

core.register_init(function()
  -- never fail the start-up for this: /config retries at request time
  pcall(load_config)
  remember_weights()
end)

core.register_action(SERVICE .. '-auth', { 'http-req' }, auth_action)
core.register_service(SERVICE, 'http', serve)

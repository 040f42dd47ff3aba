-- Seed 002 (shared/seeds/002_*): "Verify a request with another service".
-- The action asks a verifier over a plain TCP socket and stores the verdict in
-- txn.request_verified; the config denies the request unless it is true.
-- The seed points the socket at "an HAProxy frontend with balancing/health checks/etc.":
-- here that is the verifier frontend on 127.0.0.1:8081 (see verifier.lua).
core.register_action("verify_request", { "http-req" }, function(txn)
  -- Verify that the request is authorized
  -- Obviously stupid in this case without additional information being sent
  local s = core.tcp()
  s:settimeout(1)
  -- Should be pointing to an HAProxy frontend with balancing/health checks/etc.
  if not s:connect("127.0.0.1", 8081) then
    -- Indicates a connection failure: txn.request_verified stays unset
    return
  end
  -- We use HTTP 1.0 because we don't support keepalive or any other advanced features in this script.
  s:send("GET /verify.php?url=" .. txn.sf:path() .. " HTTP/1.0\r\nHost: veriy.example.com\r\n\r\n")
  local msg = s:receive("*l")
  -- Indicates a connection failure
  if msg == nil then
    -- This leave txn.request_verified unset for potentially diffrent handling
    s:close()
    return
  end
  msg = tonumber(string.sub(msg, 9, 12)) -- Read code from 'HTTP/1.0 XXX'
  -- Makes it easy to test by making any file to be denied.
  if msg == 404 then
    txn:set_var("txn.request_verified", false)
  else
    txn:set_var("txn.request_verified", true)
  end
  -- Read the response body, though in this example we aren't using it.
  msg = s:receive("*l")
  s:close()
end)

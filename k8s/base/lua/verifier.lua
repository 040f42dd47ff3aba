-- Seed 002 (shared/seeds/002_*): the small verifying service that verify_request.lua asks.
-- "Makes it easy to test by making any file to be denied": a url under /private/ is
-- "not found" (404, so denied); anything else is found (200, so allowed).
core.register_service("verifier", "http", function(applet)
  local url = string.match(applet.qs, "url=([^&]*)") or ""
  local status, body = 200, "found\n"
  if string.sub(url, 1, 9) == "/private/" then
    status, body = 404, "not found\n"
  end
  applet:set_status(status)
  applet:add_header("content-length", string.len(body))
  applet:add_header("content-type", "text/plain")
  applet:start_response()
  applet:send(body)
end)

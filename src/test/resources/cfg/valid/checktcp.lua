core.register_service("checktcp", "http", function(applet)
  applet:set_status(200)
  applet:start_response()
end)

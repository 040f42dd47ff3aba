-- ReadinessTest: a background task that fails once per generation; the failure is logged and
-- counted in luxy_lua_errors_total{script,function,kind} on /q/metrics.
core.register_task(function()
    error("boom from a task")
end)

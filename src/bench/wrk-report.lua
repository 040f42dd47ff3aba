-- wrk script for src/bench/server-kill.sh: after the run, one machine-readable line with what
-- wrk --latency does not print: p99.9, the maximum, errors by kind, and how many requests took
-- 500 ms or more (found by bisecting the latency percentiles; wrk keeps a histogram in us).
local function slow_count(latency, total, threshold_us)
  if total == 0 or latency.max < threshold_us then return 0 end
  local lo, hi = 0.0, 100.0          -- percentile(lo) < threshold <= percentile(hi)
  for _ = 1, 40 do
    local mid = (lo + hi) / 2
    if latency:percentile(mid) >= threshold_us then hi = mid else lo = mid end
  end
  return math.floor(total * (100 - hi) / 100 + 0.5)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "REPORT requests=%d secs=%.3f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d slow500=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max,
    slow_count(latency, summary.requests, 500000), e.connect, e.read, e.write, e.timeout, e.status))
end

-- Every answer must be the page itself: a 200 whose body holds BENCH_MARKER. A
-- redirect to the login page or an error page is counted as bad, and bench/run.py
-- fails the run on any. wrk prints its summary for humans; the BENCH line is for
-- bench/run.py.
local marker = os.getenv("BENCH_MARKER") or ""
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  bad = 0
end

response = function(status, headers, body)
  if status ~= 200 or not string.find(body or "", marker, 1, true) then
    bad = bad + 1
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local not_the_page = 0
  for _, thread in ipairs(threads) do
    not_the_page = not_the_page + thread:get("bad")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "socket_errors": %d, "non_2xx_3xx": %d, "not_the_page": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, not_the_page))
end

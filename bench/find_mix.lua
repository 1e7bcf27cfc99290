-- wrk: the search page, rendered, for the 16 cases of bench/search.py in turn
-- (Manhattan and Valentine, Nebraska; 25 and 100 miles; with and without a
-- procedure; pages 1 and 5).
local paths = {}
for _, place in ipairs({"10001", "69201"}) do
  for _, radius in ipairs({25, 100}) do
    for _, procedure in ipairs({"", "&procedure=kyphoplasty"}) do
      for _, page in ipairs({1, 5}) do
        paths[#paths + 1] = string.format(
          "/find/?location=%s&radius=%d%s&page=%d", place, radius, procedure, page)
      end
    end
  end
end

local n = 0
request = function()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end

done = function(summary, latency, requests)
  io.write(string.format(
    "find mix: %d requests, %.1f requests/s, p50 %.1f ms, p99 %.1f ms, " ..
    "errors: %d non-2xx, %d socket (connect %d, read %d, write %d, timeout %d)\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end

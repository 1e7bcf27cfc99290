-- wrk: a mix of searches through the JSON API, each thread cycling through them.
-- Every page asked for exists (a page past the end is a 400, by design).
local searches = {
  {"10001", 25}, {"10001", 100}, {"60601", 25}, {"90012", 25},
  {"87102", 100}, {"69201", 100},
}
local paths = {}
for _, search in ipairs(searches) do
  for _, procedure in ipairs({"", "&procedure=kyphoplasty"}) do
    for _, page in ipairs({1, 2, 5}) do
      paths[#paths + 1] = string.format(
        "/api/v1/specialists/?location=%s&radius=%d%s&page=%d",
        search[1], search[2], procedure, page)
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
    "api mix: %d requests, %.1f requests/s, p50 %.1f ms, p99 %.1f ms, " ..
    "errors: %d non-2xx, %d socket (connect %d, read %d, write %d, timeout %d)\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end

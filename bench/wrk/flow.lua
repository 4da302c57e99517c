-- wrk script of bench/bench_flow.py: personal links, one per request.
--   wrk ... -s bench/wrk/flow.lua URL -- MODE [TOKENS_FILE THREADS [OFFSET]]
-- MODE: plain (the URL as is), page (GET /r/{token}), answer (POST /r/{token}, JSON).
-- Threads take tokens OFFSET+i, OFFSET+i+THREADS, ... so every answer uses a link nobody
-- used before (the bench passes the links already used by earlier slices as OFFSET).
-- done() prints one RESULT line of JSON: counts, errors, latency (µs) and requests still in
-- flight when wrk stopped (sent - received), which the bench reconciles with stored answers.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local comments = {
  "Support answered quickly and solved it",
  "The new dashboard is confusing",
  "Price is too high for what we use",
  "",
  "Onboarding was great, thank you",
  "サポートの対応が早くて助かりました",
}

sent, received, ok, wrapped = 0, 0, 0, 0
local mode, tokens, n, step, i

function init(args)
  mode = args[1] or "plain"
  tokens = {}
  if args[2] then
    for line in io.lines(args[2]) do tokens[#tokens + 1] = line end
  end
  n = #tokens
  step = tonumber(args[3]) or 1
  i = id + (tonumber(args[4]) or 0)
end

function request()
  sent = sent + 1
  if mode == "plain" then
    return wrk.format("GET")
  end
  if i >= n then wrapped = 1 end
  local token = tokens[(i % n) + 1]
  local k = i
  i = i + step
  if mode == "page" then
    return wrk.format("GET", "/r/" .. token, {["Accept"] = "text/html"})
  end
  local body = string.format(
    '{"answers":{"recommend":%d,"reason":"%s","driver_support":%d}}',
    k % 11, comments[(k % #comments) + 1], 1 + k % 5)
  return wrk.format("POST", "/r/" .. token,
    {["Content-Type"] = "application/json", ["Accept"] = "application/json"}, body)
end

function response(status, headers, body)
  received = received + 1
  if status >= 200 and status < 300 then ok = ok + 1 end
end

function done(summary, latency, requests)
  local s, r, o, w = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    r = r + t:get("received")
    o = o + t:get("ok")
    w = math.max(w, t:get("wrapped"))
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"ok":%d,"sent":%d,"received":%d,"wrapped":%d,'
    .. '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,'
    .. '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, o, s, r, w, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end

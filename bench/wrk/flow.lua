-- wrk script of bench/bench_flow.py: personal links, one per request.
--   wrk ... -s bench/wrk/flow.lua URL -- MODE [TOKENS_FILE THREADS [OFFSET [ACKED_FILE]]]
-- MODE: plain (the URL as is), page (GET /r/{token}), answer (POST /r/{token}, JSON).
-- Threads take tokens OFFSET+i, OFFSET+i+THREADS, ... so every answer uses a link nobody
-- used before: RESULT's next_link is past every link any thread used (threads send unequal
-- numbers of requests), and the bench passes it as the next slice's OFFSET.
-- done() prints one RESULT line of JSON: counts, errors, latency (µs) and requests still in
-- flight when wrk stopped (sent - received), which the bench reconciles with stored answers.
-- Answers carry their link's number as X-Request-Id (voc echoes it), so done() also writes
-- the numbers of the links whose answer was acknowledged (2xx) to ACKED_FILE if given: the
-- bench checks each of those links has its answer stored.

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

sent, received, ok, wrapped, next_link = 0, 0, 0, 0, 0
acked, acked_file = {}, nil
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
  acked_file = args[5]
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
  next_link = i
  if mode == "page" then
    return wrk.format("GET", "/r/" .. token, {["Accept"] = "text/html"})
  end
  local body = string.format(
    '{"answers":{"recommend":%d,"reason":"%s","driver_support":%d}}',
    k % 11, comments[(k % #comments) + 1], 1 + k % 5)
  return wrk.format("POST", "/r/" .. token,
    {["Content-Type"] = "application/json", ["Accept"] = "application/json",
     ["X-Request-Id"] = "link" .. (k % n)}, body)
end

function response(status, headers, body)
  received = received + 1
  if status >= 200 and status < 300 then
    ok = ok + 1
    local link = headers["x-request-id"]
    if mode == "answer" and link then acked[#acked + 1] = link:sub(5) end
  end
end

function done(summary, latency, requests)
  local s, r, o, w, nx = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    r = r + t:get("received")
    o = o + t:get("ok")
    w = math.max(w, t:get("wrapped"))
    nx = math.max(nx, t:get("next_link"))
  end
  local acked_to = threads[1] and threads[1]:get("acked_file")
  if acked_to then
    local out = assert(io.open(acked_to, "w"))
    for _, t in ipairs(threads) do
      local links = t:get("acked")
      if #links > 0 then out:write(table.concat(links, "\n"), "\n") end
    end
    out:close()
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"ok":%d,"sent":%d,"received":%d,"wrapped":%d,'
    .. '"next_link":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,'
    .. '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, o, s, r, w, nx, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end

-- wrk script for the gateway benchmark: POSTs one GraphQL body and compares every response
-- with the expected bytes. Paths come from the environment (BENCH_BODY, BENCH_EXPECTED,
-- BENCH_CAPTURE); the summary is printed as one "BENCH_JSON {...}" line.
local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = "POST"
wrk.path = "/graphql"
wrk.headers["Content-Type"] = "application/json"
wrk.body = slurp(os.getenv("BENCH_BODY"))
local expected = slurp(os.getenv("BENCH_EXPECTED"))
local capture = os.getenv("BENCH_CAPTURE")

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  ok, mismatched, non200, sent, captured = 0, 0, 0, 0, false
  prepared = wrk.format()
end

-- Counting requests sent (not only completed) lets the harness divide the gateway's CPU time
-- by every request it served, including those still in flight when the run stopped.
function request()
  sent = sent + 1
  return prepared
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif body == expected then
    ok = ok + 1
  else
    mismatched = mismatched + 1
    if capture and capture ~= "" and not captured then
      captured = true
      local f = io.open(capture .. "-" .. tostring(id), "wb")
      if f then f:write(body); f:close() end
    end
  end
end

function done(summary, latency, requests)
  local n_ok, n_bad, n_non200, n_sent = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    n_sent = n_sent + t:get("sent")
    n_ok = n_ok + t:get("ok")
    n_bad = n_bad + t:get("mismatched")
    n_non200 = n_non200 + t:get("non200")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"latency_us":{"mean":%.1f,"p50":%.1f,"p90":%.1f,"p95":%.1f,' ..
    '"p99":%.1f,"max":%.1f},"ok":%d,"mismatched":%d,"non200":%d,"sent":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, n_ok, n_bad, n_non200, n_sent))
end

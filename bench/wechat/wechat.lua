-- wrk script: POSTs pre-made safe-mode WeChat messages (see make-requests.mjs) to /wechat.
-- Each thread takes its own slice of the file, so no message is sent twice (a repeat would be a dedup hit).
-- WECHAT_REQUESTS: the file; WECHAT_DELAY_MS: pause before each request per connection (to run below saturation).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("WECHAT_REQUESTS") or "requests.txt"
  local n = tonumber(os.getenv("WECHAT_THREADS") or "2")
  requests = {}
  local i = 0
  for line in io.lines(file) do
    if i % n == id then
      local query, body = line:match("^([^\t]*)\t(.*)$")
      table.insert(requests, wrk.format("POST", "/wechat?" .. query, { ["Content-Type"] = "text/xml" }, body))
    end
    i = i + 1
  end
  next_index = 1
  delay_ms = tonumber(os.getenv("WECHAT_DELAY_MS") or "0")
  exhausted = 0
end

function request()
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > #requests then
    next_index = 1
    exhausted = exhausted + 1
  end
  return r
end

function delay()
  return delay_ms
end

function done(summary, latency, requests)
  local wrapped = 0
  for _, thread in ipairs(threads) do wrapped = wrapped + (thread:get("exhausted") or 0) end
  io.write(string.format("errors (non-2xx, socket): %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
  if wrapped > 0 then
    io.write("warning: the request file ran out and messages were repeated (dedup hits); make more requests\n")
  end
end

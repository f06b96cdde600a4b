-- wrk script: GET /api/search or POST /api/ask, cycling through the questions in KNOWLEDGE_QUESTIONS (one a line).
-- KNOWLEDGE_PATH: search (default) or ask.
local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local mode = os.getenv("KNOWLEDGE_PATH") or "search"
  requests = {}
  for line in io.lines(os.getenv("KNOWLEDGE_QUESTIONS") or "questions.txt") do
    if #line > 0 then
      if mode == "ask" then
        local body = '{"question":"' .. line:gsub('["\\]', "") .. '"}'
        table.insert(requests, wrk.format("POST", "/api/ask", { ["Content-Type"] = "application/json" }, body))
      else
        table.insert(requests, wrk.format("GET", "/api/search?top=10&q=" .. urlencode(line)))
      end
    end
  end
  next_index = math.random(#requests)
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

-- A dashboard's mix of API calls over many pairs, actors and periods,
-- so that a response cache cannot answer every request from one entry.
-- Usage: wrk -t2 -c32 -d20s --latency -s bench/http/mix.lua http://127.0.0.1:8080
local states = { "USA", "CHN", "RUS", "IRN", "VEN", "GBR", "FRA", "DEU", "ISR", "TUR",
                 "IND", "PAK", "SAU", "UKR", "JPN", "KOR", "PRK", "SYR", "IRQ", "EGY" }
local paths = {}
for i, a in ipairs(states) do
  local b = states[(i % #states) + 1]
  local year = 2000 + (i % 20)
  table.insert(paths, "/api/events?pair=" .. a .. "," .. b .. "&limit=50")
  table.insert(paths, "/api/events?actor=" .. a .. "&limit=50")
  table.insert(paths, "/api/events?source=" .. a .. "&from=" .. year .. "&to=" .. year .. "&limit=50")
  table.insert(paths, "/api/timeline?a=" .. a .. "&b=" .. b .. "&by=month")
  table.insert(paths, "/api/timeline?a=" .. a .. "&by=year")
  table.insert(paths, "/api/network?from=" .. year .. "&to=" .. year .. "&limit=60")
end
table.insert(paths, "/api/dyads?top=20")
table.insert(paths, "/api/network?limit=60")
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
